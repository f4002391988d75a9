/**
 * eth_sendRawTransaction as the gateway lets it through: only what a
 * household's wallet sends. The gateway decodes the signed transaction and
 * accepts it when it is
 *
 * - a call of a function of one of this community's contracts (read from the
 *   deployment file), with arguments that decode by its ABI, value only for a
 *   payable function, and a gas limit within that function's bound; or
 * - a plain transfer of money to a person: no data, 21,000 gas, to an address
 *   that holds no code (a household paying a neighbour back, or moving its
 *   money to a new wallet);
 *
 * signed for this chain (EIP-155 or typed), with the sender's next nonce, and
 * no access list. Everything else (contract deployments, calls of
 * other code, oversized gas limits) is refused before it reaches the chain.
 */
import { Transaction } from 'ethers';

import { type ChainLookups, type Guarded, isSystemAddress } from './call-guard';
import type { ContractCatalog } from './contract-catalog';
import { type GasBounds, PLAIN_TRANSFER_GAS, transactionGasBound } from './gas-bounds';

export interface TransactionLookups extends ChainLookups {
  /** The sender's next nonce, pending transactions included. */
  getPendingNonce(address: string): Promise<number>;
}

/** A household's transaction is a few hundred bytes; this leaves room for calls with a few lists. */
export const MAX_RAW_TRANSACTION_BYTES = 16 * 1024;
/** Legacy, EIP-2930 and EIP-1559 transactions: what wallets send to a chain without blobs. */
const ALLOWED_TYPES = new Set([0, 1, 2]);

const INVALID_PARAMS = -32602;
const NOT_ALLOWED = -32004;

/**
 * The next nonce of each recent sender. In eager instamine Ganache answers a
 * transaction only once it is mined, so one with a nonce beyond the sender's
 * next would hold its request (and the chain's pool) until the gap is filled:
 * the gateway takes only the next nonce. Remembered after each transaction,
 * so a wallet's transactions in order cost no extra read of the chain; read
 * again from the chain whenever a nonce does not match.
 */
export class NextNonces {
  private readonly next = new Map<string, number>();

  constructor(private readonly maxSenders = 10_000) {}

  async check(from: string, nonce: number, chain: TransactionLookups): Promise<{ ok: boolean; next: number }> {
    const key = from.toLowerCase();
    if (this.next.get(key) === nonce) return { ok: true, next: nonce };
    const next = await chain.getPendingNonce(from);
    this.remember(key, next);
    return { ok: nonce === next, next };
  }

  /** After the chain took `nonce` from `from`. */
  used(from: string, nonce: number): void {
    this.remember(from.toLowerCase(), nonce + 1);
  }

  private remember(key: string, next: number): void {
    this.next.delete(key);
    if (this.next.size >= this.maxSenders) this.next.delete(this.next.keys().next().value as string);
    this.next.set(key, next);
  }
}

export async function guardRawTransaction(
  params: unknown,
  catalog: ContractCatalog,
  bounds: GasBounds,
  chainId: number,
  chain: TransactionLookups,
  nonces: NextNonces = new NextNonces(),
): Promise<Guarded> {
  const raw = Array.isArray(params) ? params[0] : undefined;
  if (typeof raw !== 'string' || !/^0x([0-9a-fA-F]{2})+$/.test(raw)) {
    return refuse(INVALID_PARAMS, 'eth_sendRawTransaction takes one signed transaction as hex bytes');
  }
  if ((raw.length - 2) / 2 > MAX_RAW_TRANSACTION_BYTES) {
    return refuse(NOT_ALLOWED, `the transaction is larger than ${MAX_RAW_TRANSACTION_BYTES} bytes; no household transaction is`);
  }
  let tx: Transaction;
  let from: string;
  try {
    tx = Transaction.from(raw);
    if (!tx.signature || tx.from === null) throw new Error('unsigned');
    from = tx.from;
  } catch {
    return refuse(INVALID_PARAMS, 'the transaction cannot be decoded, or its signature is not valid');
  }
  if (tx.type === null || !ALLOWED_TYPES.has(tx.type)) {
    return refuse(NOT_ALLOWED, `transactions of type ${tx.type} are refused by the gateway: send a legacy, EIP-2930 or EIP-1559 one`);
  }
  if (tx.chainId !== BigInt(chainId)) {
    return refuse(NOT_ALLOWED, `the transaction is signed for chain ${tx.chainId === 0n ? 'any (no EIP-155 chain id)' : tx.chainId}; this chain is ${chainId}`);
  }
  if (tx.accessList && tx.accessList.length > 0) {
    return refuse(NOT_ALLOWED, 'transactions with an access list are refused by the gateway: no household transaction needs one');
  }
  if (tx.to === null) return refuse(NOT_ALLOWED, 'contracts are not deployed through the gateway');

  const refusal = catalog.has(tx.to) ? checkContractCall(tx, catalog, bounds) : await checkPlainTransfer(tx, chain);
  if (refusal) return refusal;

  const { ok, next } = await nonces.check(from, tx.nonce, chain);
  if (!ok) {
    const problem = tx.nonce < next ? 'is already used' : 'would leave a gap';
    return refuse(NOT_ALLOWED, `nonce ${tx.nonce} ${problem}: ${from}'s next nonce is ${next}`);
  }
  return { ok: true, params: [raw], sender: { from, nonce: tx.nonce } };
}

function checkContractCall(tx: Transaction, catalog: ContractCatalog, bounds: GasBounds): Guarded | undefined {
  const found = catalog.lookup(tx.to!, tx.data.toLowerCase());
  if (!found.ok) return refuse(NOT_ALLOWED, `transaction refused by the gateway: ${found.reason}`);
  const { fn } = found;
  if (fn.readOnly) return refuse(NOT_ALLOWED, `${fn.name} only reads: call it with eth_call, no transaction needed`);
  if (!fn.payable && tx.value > 0n) return refuse(NOT_ALLOWED, `${fn.name} takes no money: send it with value 0`);
  const bound = transactionGasBound(bounds, fn.name);
  if (tx.gasLimit > BigInt(bound)) {
    return refuse(NOT_ALLOWED, `a gas limit of ${tx.gasLimit} is above the gateway's ${bound} for ${fn.name}`);
  }
  return undefined;
}

async function checkPlainTransfer(tx: Transaction, chain: TransactionLookups): Promise<Guarded | undefined> {
  const to = tx.to!;
  if (tx.data !== '0x') return refuse(NOT_ALLOWED, `transaction refused by the gateway: ${to} is not one of this community's contracts`);
  if (isSystemAddress(to)) return refuse(NOT_ALLOWED, `transfers to the system address ${to} are refused by the gateway`);
  if (tx.gasLimit > BigInt(PLAIN_TRANSFER_GAS)) {
    return refuse(NOT_ALLOWED, `a transfer to a person needs exactly ${PLAIN_TRANSFER_GAS} gas, not ${tx.gasLimit}`);
  }
  if ((await chain.getCode(to, 'latest')) !== '0x') {
    return refuse(NOT_ALLOWED, `transaction refused by the gateway: ${to} is a contract this community did not deploy`);
  }
  return undefined;
}

function refuse(code: number, message: string): Guarded {
  return { ok: false, code, message };
}
