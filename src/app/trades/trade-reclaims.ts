import { signal } from '@angular/core';

import type { TxHandle, Transactor } from '../transactions/transactor';
import type { TradeRecord } from './trade-record';

/**
 * Reclaiming trades from a list of them: a trade the household bought and the
 * seller did not settle in time sends its money back. One per list, so the list
 * shows its last transaction and which row is waiting for it.
 */
export class TradeReclaims {
  readonly handle = signal<TxHandle | null>(null);
  readonly reclaimingId = signal<bigint | null>(null);

  constructor(private readonly transactor: Transactor) {}

  reclaim(trade: TradeRecord): void {
    const handle = this.transactor.run({ label: `Reclaim trade #${trade.id}`, action: 'reclaim', args: [trade.id] });
    this.handle.set(handle);
    this.reclaimingId.set(trade.id);
    void handle.done.then(() => this.reclaimingId.set(null));
  }
}
