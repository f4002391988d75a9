import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { zeroPadValue } from 'ethers/utils';

import { type MarketEvent, decodeMarketEvent } from '../chain/market-event';
import { MARKETPLACE_INTERFACE } from '../chain/marketplace-contract';
import { type MarketEventBatch, MarketplaceEvents } from '../chain/marketplace-events';
import { READ_PROVIDER } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import type { AppError } from '../core/app-error';
import { toAppError } from '../core/to-app-error';
import { READ_TIMEOUT_MESSAGE, READ_TIMEOUT_MS, withTimeout } from '../core/with-timeout';
import type { LoadState } from '../market/market-book';
import { WalletSession } from '../wallet/wallet-session';
import { type AgentOrders, type TradeBook, type TradeRecord, applyTradeEvents, involves } from './trade-record';

/**
 * The connected account's trades, as buyer and as seller, open and closed. Read
 * from the trade events (two `eth_getLogs`, one per role, by indexed topic) and
 * kept live by every later block's events.
 */
@Injectable({ providedIn: 'root' })
export class MyTrades {
  private readonly provider = inject(READ_PROVIDER);
  private readonly iface = inject(MARKETPLACE_INTERFACE);
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly events = inject(MarketplaceEvents);
  private readonly wallet = inject(WalletSession);
  private account: string | null = null;
  private snapshotBlock: number | null = null;
  private buffered: MarketEventBatch[] = [];
  private agentOrders: AgentOrders = new Map();

  private readonly trades = signal<TradeBook>(new Map());
  readonly state = signal<LoadState>('loading');
  readonly error = signal<AppError | null>(null);

  /** Newest first. */
  readonly all = computed(() => [...this.trades().values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)));

  constructor() {
    const subscription = this.events.batches$.subscribe((batch) => this.onBatch(batch));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
    effect(() => {
      const account = this.wallet.account();
      untracked(() => void this.load(account));
    });
  }

  /** Reads the account's trade history again. */
  async load(account = this.wallet.account()): Promise<void> {
    this.account = account;
    this.snapshotBlock = null;
    this.buffered = [];
    this.agentOrders = new Map();
    this.trades.set(new Map());
    this.error.set(null);
    if (!account) {
      this.state.set('ready');
      return;
    }
    this.state.set('loading');
    try {
      const { block, history } = await withTimeout(
        this.events.scannedTo().then(async (block) => ({ block, history: await this.readHistory(account, block) })),
        READ_TIMEOUT_MS,
        READ_TIMEOUT_MESSAGE,
      );
      if (account !== this.account) return;
      let trades = applyTradeEvents(new Map(), history, this.agentOrders);
      for (const batch of this.buffered) {
        trades = applyTradeEvents(trades, this.relevant(batch, block, account), this.agentOrders);
      }
      this.buffered = [];
      this.snapshotBlock = block;
      this.trades.set(trades);
      this.state.set('ready');
    } catch (error) {
      if (account !== this.account) return;
      this.error.set(toAppError(error));
      this.state.set('failed');
    }
  }

  trade(id: bigint): TradeRecord | undefined {
    return this.trades().get(id);
  }

  private async readHistory(account: string, toBlock: number): Promise<MarketEvent[]> {
    const topic0 = ['TradeOpened', 'TradeSettled', 'TradeReclaimed'].map((name) => this.iface.getEvent(name)!.topicHash);
    const agentTopic0 = ['OrderPlacedByAgent', 'TradeOpenedByAgent'].map((name) => this.iface.getEvent(name)!.topicHash);
    const me = zeroPadValue(account, 32);
    const range = { address: this.config.marketplace.address, fromBlock: this.config.marketplace.deployedOnBlock, toBlock };
    // All three trade events index (tradeId, buyer, seller): buyer is topic 2, seller topic 3.
    // The agent's marks index (order or trade id, household, agent): the household is topic 2 too.
    const [asBuyer, asSeller] = await Promise.all([
      this.provider.getLogs({ ...range, topics: [[...topic0, ...agentTopic0], null, me] }),
      this.provider.getLogs({ ...range, topics: [topic0, null, null, me] }),
    ]);
    return [...asBuyer, ...asSeller]
      .sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index)
      .map((log) => decodeMarketEvent(this.iface, log))
      .filter((event): event is MarketEvent => event !== null);
  }

  private relevant(batch: MarketEventBatch, after: number, account: string): MarketEvent[] {
    return batch.events.filter((event) => event.blockNumber > after && involves(event, account));
  }

  private onBatch(batch: MarketEventBatch): void {
    const account = this.account;
    if (!account) return;
    if (this.state() === 'failed') {
      void this.load(account);
      return;
    }
    if (this.snapshotBlock === null) {
      this.buffered.push(batch);
      return;
    }
    const fresh = this.relevant(batch, this.snapshotBlock, account);
    if (fresh.length > 0) this.trades.update((trades) => applyTradeEvents(trades, fresh, this.agentOrders));
  }
}
