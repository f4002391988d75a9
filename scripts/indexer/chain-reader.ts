/** What the indexer asks of the chain: heads, headers and logs, over one WebSocket. */
import type { JsonRpcWsClient } from '../lib/json-rpc';
import type { Finality } from '../lib/finality';
import { finalizedBlockNumber } from '../lib/finalized-block';

export interface Header {
  readonly number: number;
  readonly hash: string;
  readonly parentHash: string;
  readonly timestamp: number;
}

export interface Log {
  readonly address: string;
  readonly topics: readonly string[];
  readonly data: string;
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly transactionHash: string;
  readonly logIndex: number;
  /** Newer nodes (geth 1.16) give the block's time with each log. */
  readonly blockTimestamp?: number;
}

interface RawHeader {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
}

interface RawLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  blockTimestamp?: string;
  removed?: boolean;
}

export interface LogFilter {
  readonly addresses: readonly string[];
  readonly topics: readonly string[];
}

const hex = (value: number): string => '0x' + value.toString(16);
/** Headers per JSON-RPC batch: one message instead of hundreds. */
const HEADERS_PER_BATCH = 500;

export class ChainReader {
  constructor(private readonly client: JsonRpcWsClient) {}

  async chainId(): Promise<number> {
    return Number(await this.client.request<string>('eth_chainId'));
  }

  async headNumber(): Promise<number> {
    return Number(await this.client.request<string>('eth_blockNumber'));
  }

  async finalizedNumber(finality: Finality, head: number): Promise<number> {
    if (finality.kind === 'depth') return Math.max(0, head - finality.blocks);
    return Math.max(0, await finalizedBlockNumber(this.client));
  }

  /** Headers by number, in batches; undefined for a block the chain does not have (any more). */
  async headers(numbers: readonly number[]): Promise<(Header | undefined)[]> {
    const headers: (Header | undefined)[] = [];
    for (let i = 0; i < numbers.length; i += HEADERS_PER_BATCH) {
      const calls = numbers.slice(i, i + HEADERS_PER_BATCH).map((n) => ({ method: 'eth_getBlockByNumber', params: [hex(n), false] }));
      for (const answer of await this.client.batch(calls, { timeoutMs: 120_000 })) {
        if ('error' in answer) throw answer.error;
        const raw = answer.result as RawHeader | null;
        headers.push(raw ? parseHeader(raw) : undefined);
      }
    }
    return headers;
  }

  async logs(filter: LogFilter, fromBlock: number, toBlock: number): Promise<Log[]> {
    const raw = await this.client.request<RawLog[]>(
      'eth_getLogs',
      [{ address: filter.addresses, topics: [filter.topics], fromBlock: hex(fromBlock), toBlock: hex(toBlock) }],
      { timeoutMs: 120_000 },
    );
    return raw
      .filter((log) => !log.removed)
      .map((log) => ({
        address: log.address.toLowerCase(),
        topics: log.topics,
        data: log.data,
        blockNumber: Number(log.blockNumber),
        blockHash: log.blockHash,
        transactionHash: log.transactionHash,
        logIndex: Number(log.logIndex),
        blockTimestamp: log.blockTimestamp === undefined ? undefined : Number(log.blockTimestamp),
      }))
      .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  }
}

function parseHeader(raw: RawHeader): Header {
  return { number: Number(raw.number), hash: raw.hash, parentHash: raw.parentHash, timestamp: Number(raw.timestamp) };
}
