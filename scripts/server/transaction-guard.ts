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
 * signed for this chain (EIP-155 or typed), with a nonce the sender can use
 * now, and no access list. Everything else (contract deployments, calls of
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
/** How far ahead of its next nonce a sender may queue (a wallet sends them in order). */
export const MAX_NONCE_AHEAD = 16;
/** Legacy, EIP-2930 and EIP-1559 transactions: what wallets send to a chain without blobs. */
const ALLOWED_TYPES = new Set([0, 1, 2]);

const INVALID_PARAMS = -32602;
const NOT_ALLOWED = -32004;

export async function guardRawTransaction(
  params: unknown,
  catalog: ContractCatalog,
  bounds: GasBounds,
  chainId: number,
  chain: TransactionLookups,
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

  const next = await chain.getPendingNonce(from);
  if (tx.nonce > next + MAX_NONCE_AHEAD) {
    return refuse(NOT_ALLOWED, `nonce ${tx.nonce} is too far ahead: ${from}'s next nonce is ${next}`);
  }
  return { ok: true, params: [raw] };
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
