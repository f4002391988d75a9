/**
 * Follows TradeOpened events as blocks are mined. A newHeads subscription
 * wakes it the moment a block exists; it then reads the logs of every block
 * since the last one it recorded, so no block is skipped whatever arrives
 * late, twice or not at all. A slow timer rescans in case a notification is
 * lost while the link is up.
 */
import type { JsonRpcWsClient } from '../lib/json-rpc-ws-client';
import type { MarketplaceCodec, OpenedTrade, RawLog } from './marketplace-codec';

/** Logs per eth_getLogs: keeps a long catch-up in bounded answers. */
const MAX_BLOCK_RANGE = 2000;
const SAFETY_SCAN_MS = 1000;

export interface ChainFollowerOptions {
  readonly client: JsonRpcWsClient;
  readonly codec: MarketplaceCodec;
  readonly contract: string;
  /** The last block already recorded. */
  readonly fromBlock: () => number;
  /** Called in block order; the blocks up to `toBlock` count as recorded once it returns. */
  readonly onTrades: (trades: OpenedTrade[], toBlock: number) => void;
  readonly onError: (error: unknown) => void;
}

export class ChainFollower {
  private scanning = false;
  private again = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** The newest head a notification announced, so a scan need not ask for it. */
  private announcedHead = -1;

  constructor(private readonly options: ChainFollowerOptions) {}

  start(): void {
    const { client } = this.options;
    const subscribe = () => {
      client
        .subscribe(['newHeads'], (head) => this.scan(Number((head as { number: string }).number)))
        .then(() => this.scan())
        .catch((error) => this.options.onError(error));
    };
    client.on('open', subscribe);
    if (client.isConnected) subscribe();
    this.timer = setInterval(() => this.scan(), SAFETY_SCAN_MS);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
  }

  /** Reads the logs of every block not yet recorded; coalesces calls made while it runs. */
  scan(announcedHead?: number): void {
    if (announcedHead !== undefined) this.announcedHead = Math.max(this.announcedHead, announcedHead);
    if (this.stopped || !this.options.client.isConnected) return;
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = true;
    this.catchUp()
      .catch((error) => this.options.onError(error))
      .finally(() => {
        this.scanning = false;
        if (this.again) {
          this.again = false;
          this.scan();
        }
      });
  }

  private async catchUp(): Promise<void> {
    const { client, codec, contract } = this.options;
    let from = this.options.fromBlock() + 1;
    const head = this.announcedHead >= from ? this.announcedHead : Number(await client.request<string>('eth_blockNumber'));
    while (from <= head && !this.stopped) {
      const to = Math.min(head, from + MAX_BLOCK_RANGE - 1);
      const logs = await client.request<RawLog[]>('eth_getLogs', [
        { address: contract, topics: [codec.tradeOpenedTopic], fromBlock: hex(from), toBlock: hex(to) },
      ]);
      this.options.onTrades(logs.map((log) => codec.parseTradeOpened(log)), to);
      from = to + 1;
    }
  }
}

function hex(value: number): string {
  return '0x' + value.toString(16);
}
