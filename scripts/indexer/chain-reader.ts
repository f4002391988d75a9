/** What the indexer asks of the chain: heads, headers and logs, over one WebSocket. */
import type { JsonRpcWsClient } from '../lib/json-rpc-ws-client';
import type { Finality } from './finality';

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
    const block = await this.client.request<RawHeader | null>('eth_getBlockByNumber', ['finalized', false]);
    return block ? Number(block.number) : 0;
  }

  /** Headers by number, fetched together; undefined for a block the chain does not have (any more). */
  async headers(numbers: readonly number[]): Promise<(Header | undefined)[]> {
    return Promise.all(
      numbers.map(async (n) => {
        const raw = await this.client.request<RawHeader | null>('eth_getBlockByNumber', [hex(n), false]);
        return raw ? parseHeader(raw) : undefined;
      }),
    );
  }

  async logs(filter: LogFilter, fromBlock: number, toBlock: number): Promise<Log[]> {
    const raw = await this.client.request<RawLog[]>(
      'eth_getLogs',
      [{ address: filter.addresses, topics: [filter.topics], fromBlock: hex(fromBlock), toBlock: hex(toBlock) }],
      120_000,
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
