import { DestroyRef, Injectable, inject } from '@angular/core';
import { type Observable, Subject, concatMap, firstValueFrom } from 'rxjs';

import { RUNTIME_CONFIG } from '../config/config.service';
import { ChainHead } from './chain-head';
import { readRawLogs } from './log-reader';
import { type MarketEvent, decodeMarketEvent } from './market-event';
import { MARKETPLACE_INTERFACE } from './marketplace-contract';
import { READ_PROVIDER } from './read-provider';

/** The marketplace events of a range of blocks, in chain order. */
export interface MarketEventBatch {
  readonly fromBlock: number;
  readonly toBlock: number;
  readonly events: readonly MarketEvent[];
}

/**
 * The marketplace's events as they are mined: one `eth_getLogs` per new head,
 * for exactly the blocks not scanned yet, so nothing is missed or seen twice.
 *
 * To follow a state without gaps: subscribe to `batches$` first, then read a
 * snapshot at `await scannedTo()` (as `blockTag`), then apply every batch event
 * with a block above that number.
 */
@Injectable({ providedIn: 'root' })
export class MarketplaceEvents {
  private readonly provider = inject(READ_PROVIDER);
  private readonly iface = inject(MARKETPLACE_INTERFACE);
  private readonly address = inject(RUNTIME_CONFIG).marketplace.address;
  private readonly head = inject(ChainHead);
  private readonly batches = new Subject<MarketEventBatch>();
  private scanned: number | null = null;
  private readonly firstHead: Promise<number>;

  readonly batches$: Observable<MarketEventBatch> = this.batches.asObservable();

  constructor() {
    // -1 only if the app is torn down before the first head arrives.
    this.firstHead = firstValueFrom(this.head.newBlocks$, { defaultValue: -1 });
    const subscription = this.head.newBlocks$.pipe(concatMap((block) => this.scanTo(block))).subscribe();
    inject(DestroyRef).onDestroy(() => {
      subscription.unsubscribe();
      this.batches.complete();
    });
  }

  /** The last block whose events were delivered (or the head when following began). */
  async scannedTo(): Promise<number> {
    return this.scanned ?? (await this.firstHead);
  }

  private async scanTo(block: number): Promise<void> {
    if (this.scanned === null) {
      this.scanned = block;
      return;
    }
    if (block <= this.scanned) return;
    const fromBlock = this.scanned + 1;
    try {
      const logs = await readRawLogs(this.provider, { address: this.address, fromBlock, toBlock: block });
      const events = logs
        .map((log) => decodeMarketEvent(this.iface, log))
        .filter((event): event is MarketEvent => event !== null);
      this.scanned = block;
      this.batches.next({ fromBlock, toBlock: block, events });
    } catch {
      // The head poller reports the outage; the next head scans this range again.
    }
  }
}
