import { getAddress } from 'ethers';

/**
 * The raw JSON-RPC objects (hex strings, as every Ethereum client sends them)
 * and their parsed forms. Parsed by hand rather than through ethers' Block and
 * TransactionResponse so that fields those drop (size, nonce, difficulty) and
 * any client (Ganache, Hardhat, Geth, Besu) read the same. Addresses come out
 * checksummed (EIP-55), as people compare them with their wallets.
 */

export interface RawBlock {
  number: string;
  hash: string;
  parentHash: string;
  nonce?: string;
  difficulty?: string;
  size?: string;
  gasUsed: string;
  gasLimit: string;
  timestamp: string;
  miner?: string;
  baseFeePerGas?: string;
  transactions: Array<string | RawTransaction>;
}

export interface RawTransaction {
  hash: string;
  blockNumber: string | null;
  blockHash: string | null;
  transactionIndex: string | null;
  from: string;
  to: string | null;
  value: string;
  gas: string;
  gasPrice?: string;
  nonce: string;
  input: string;
}

export interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  transactionHash: string;
  logIndex: string;
}

export interface RawReceipt {
  status?: string;
  gasUsed: string;
  effectiveGasPrice?: string;
  contractAddress?: string | null;
  logs: RawLog[];
}

export interface BlockSummary {
  readonly number: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly nonce: string;
  readonly difficulty: bigint;
  readonly size: number;
  readonly gasUsed: bigint;
  readonly gasLimit: bigint;
  readonly timestamp: number;
  readonly miner: string;
  readonly transactionCount: number;
}

export interface TransactionSummary {
  readonly hash: string;
  readonly blockNumber: number | null;
  readonly index: number | null;
  readonly from: string;
  readonly to: string | null;
  readonly value: bigint;
  readonly gasLimit: bigint;
  readonly gasPrice: bigint | null;
  readonly nonce: number;
  readonly input: string;
}

/** A log as the explorer shows it; `logIndex` and `blockNumber` as numbers. */
export interface LogEntry {
  readonly address: string;
  readonly topics: readonly string[];
  readonly data: string;
  readonly blockNumber: number;
  readonly transactionHash: string;
  readonly logIndex: number;
}

const big = (hex: string | undefined | null): bigint => (hex ? BigInt(hex) : 0n);
const checksummed = (address: string): string => getAddress(address);
const num = (hex: string | undefined | null): number => Number(big(hex));

export function parseBlock(raw: RawBlock): BlockSummary {
  return {
    number: num(raw.number),
    hash: raw.hash,
    parentHash: raw.parentHash,
    nonce: raw.nonce ?? '0x0000000000000000',
    difficulty: big(raw.difficulty),
    size: num(raw.size),
    gasUsed: big(raw.gasUsed),
    gasLimit: big(raw.gasLimit),
    timestamp: num(raw.timestamp),
    miner: raw.miner ? checksummed(raw.miner) : '',
    transactionCount: raw.transactions.length,
  };
}

export function parseTransaction(raw: RawTransaction): TransactionSummary {
  return {
    hash: raw.hash,
    blockNumber: raw.blockNumber == null ? null : num(raw.blockNumber),
    index: raw.transactionIndex == null ? null : num(raw.transactionIndex),
    from: checksummed(raw.from),
    to: raw.to ? checksummed(raw.to) : null,
    value: big(raw.value),
    gasLimit: big(raw.gas),
    gasPrice: raw.gasPrice == null ? null : big(raw.gasPrice),
    nonce: num(raw.nonce),
    input: raw.input ?? '0x',
  };
}

export function parseLog(raw: RawLog): LogEntry {
  return {
    address: checksummed(raw.address),
    topics: raw.topics,
    data: raw.data,
    blockNumber: num(raw.blockNumber),
    transactionHash: raw.transactionHash,
    logIndex: num(raw.logIndex),
  };
}

export function parseQuantity(hex: unknown): bigint {
  if (typeof hex !== 'string' || !/^0x[0-9a-fA-F]*$/.test(hex)) throw new TypeError(`Not a JSON-RPC quantity: ${String(hex)}`);
  return big(hex);
}
