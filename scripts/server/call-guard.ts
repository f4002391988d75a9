/**
 * eth_call and eth_estimateGas as the gateway lets them through. Both run code
 * on the chain's one thread, so a peer may run only what this community
 * deployed: a function of one of its contracts, or a plain transfer to a
 * person (an address without code). Code sent along with the call (no `to`),
 * state overrides, the precompiled contracts and code deployed by anyone else
 * are refused, and the gas of every call is lowered to the gateway's cap.
 */
import type { ContractCatalog } from './contract-catalog';
import { type GasBounds, estimateGasCap } from './gas-bounds';

export type Guarded =
  | { readonly ok: true; readonly params: unknown[]; readonly sender?: { readonly from: string; readonly nonce: number } }
  | { readonly ok: false; readonly code: number; readonly message: string };

/** Reads the guard needs from the chain (asked only for calls outside the catalog). */
export interface ChainLookups {
  getCode(address: string, block: unknown): Promise<string>;
}

const INVALID_PARAMS = -32602;
const NOT_ALLOWED = -32004;

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HEX_DATA = /^0x([0-9a-fA-F]{2})*$/;

/**
 * The Ethereum precompiles live at the lowest addresses (1-9 in Shanghai, more
 * in later forks); some of them price a lot of work cheaply. No person has one
 * of these addresses.
 */
export function isSystemAddress(address: string): boolean {
  return BigInt(address) < 0x10000n;
}

export async function guardCall(
  method: 'eth_call' | 'eth_estimateGas',
  params: unknown,
  catalog: ContractCatalog,
  bounds: GasBounds,
  chain: ChainLookups,
): Promise<Guarded> {
  if (!Array.isArray(params) || params.length < 1 || typeof params[0] !== 'object' || params[0] === null || Array.isArray(params[0])) {
    return refuse(INVALID_PARAMS, `${method} takes a transaction object, then a block`);
  }
  const [transaction, block = 'latest', overrides] = params as [Record<string, unknown>, unknown, unknown];
  if (params.length > 2 && overrides !== undefined && overrides !== null && !isEmptyObject(overrides)) {
    return refuse(NOT_ALLOWED, `${method} with state overrides is refused by the gateway: it would run code nobody deployed`);
  }
  const to = transaction.to;
  if (to === undefined || to === null) {
    return refuse(NOT_ALLOWED, `${method} without "to" is refused by the gateway: contracts are not deployed through it`);
  }
  if (typeof to !== 'string' || !ADDRESS.test(to)) return refuse(INVALID_PARAMS, `"to" must be an address (0x and 40 hex digits)`);
  const data = dataOf(transaction);
  if (data === undefined) return refuse(INVALID_PARAMS, `"data" and "input" must be the same hex bytes when both are given`);

  let fn: { readonly name: string; readonly readOnly: boolean } | undefined;
  if (catalog.has(to)) {
    const found = catalog.lookup(to, data);
    if (!found.ok) return refuse(NOT_ALLOWED, `${method} refused by the gateway: ${found.reason}`);
    fn = found.fn;
  } else {
    if (isSystemAddress(to)) return refuse(NOT_ALLOWED, `${method} to the system address ${to} is refused by the gateway`);
    const code = await chain.getCode(to, block);
    if (code !== '0x') {
      return refuse(NOT_ALLOWED, `${method} refused by the gateway: ${to} is a contract this community did not deploy`);
    }
  }

  const cap = method === 'eth_call' ? bounds.call : estimateGasCap(bounds, fn?.name, fn?.readOnly ?? true);
  const requested = gasOf(transaction);
  if (requested === 'invalid') return refuse(INVALID_PARAMS, `"gas" must be a hex quantity`);
  const gas = requested === undefined || requested > BigInt(cap) ? BigInt(cap) : requested;
  // One gas field, the lowered one: Ganache takes gasLimit before gas when both are given.
  const { gasLimit: _ignored, ...rest } = transaction;
  const bounded = { ...rest, gas: '0x' + gas.toString(16) };
  return { ok: true, params: params.length > 1 ? [bounded, block] : [bounded] };
}

function dataOf(transaction: Record<string, unknown>): string | undefined {
  const { data, input } = transaction;
  for (const field of [data, input]) {
    if (field !== undefined && field !== null && (typeof field !== 'string' || !HEX_DATA.test(field))) return undefined;
  }
  if (typeof data === 'string' && typeof input === 'string' && data.toLowerCase() !== input.toLowerCase()) return undefined;
  return ((data ?? input ?? '0x') as string).toLowerCase();
}

function gasOf(transaction: Record<string, unknown>): bigint | undefined | 'invalid' {
  const value = transaction.gasLimit ?? transaction.gas;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(value)) return 'invalid';
  return BigInt(value);
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function refuse(code: number, message: string): Guarded {
  return { ok: false, code, message };
}
