import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';

import { Pager } from '../shared/pager';
import { type TxHandle, Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import { WalletSession } from '../wallet/wallet-session';
import { MyTrades } from './my-trades';
import type { TradeRecord } from './trade-record';
import { TradeRow } from './trade-row';

const TRADES_PAGE_SIZE = 20;

/** My trades as buyer and as seller, newest first, with their live state. */
@Component({
  selector: 'app-my-trades-table',
  imports: [TradeRow, TxStatusView, Pager],
  template: `
    <section class="card" aria-labelledby="my-trades-heading">
      <h2 id="my-trades-heading">My trades</h2>
      <app-tx-status [handle]="handle()" />
      @switch (trades.state()) {
        @case ('loading') {
          <p class="hint" role="status"><span class="spinner" aria-hidden="true"></span> Loading your trades…</p>
        }
        @case ('failed') {
          <div class="problem" role="alert">
            <p>{{ trades.error()?.message }}</p>
            <button type="button" (click)="trades.load()">Try again</button>
          </div>
        }
        @default {
          @if (trades.all().length === 0) {
            <p class="hint">No trades yet: buy from an offer or sell into a request on the market.</p>
          } @else {
            <div class="table-scroll">
              <table class="trades">
                <thead>
                  <tr>
                    <th scope="col">Trade</th>
                    <th scope="col">With</th>
                    <th scope="col">Energy</th>
                    <th scope="col">Amount</th>
                    <th scope="col">State</th>
                    <th scope="col">Block</th>
                    <th scope="col"><span class="visually-hidden">Action</span></th>
                  </tr>
                </thead>
                <tbody>
                  @for (trade of page(); track trade.id) {
                    <tr app-trade-row [trade]="trade" [me]="me()!" [reclaiming]="reclaimingId() === trade.id" (reclaim)="reclaimTrade($event)"></tr>
                  }
                </tbody>
              </table>
            </div>
            <app-pager [total]="trades.all().length" [pageSize]="pageSize" [(page)]="pageIndex" label="My trades: pages" />
          }
        }
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MyTradesTable {
  protected readonly trades = inject(MyTrades);
  private readonly transactor = inject(Transactor);
  protected readonly me = inject(WalletSession).account;
  protected readonly handle = signal<TxHandle | null>(null);
  protected readonly reclaimingId = signal<bigint | null>(null);
  protected readonly pageSize = TRADES_PAGE_SIZE;
  protected readonly pageIndex = signal(0);
  protected readonly page = computed(() =>
    this.trades.all().slice(this.pageIndex() * this.pageSize, (this.pageIndex() + 1) * this.pageSize),
  );

  protected reclaimTrade(trade: TradeRecord): void {
    const handle = this.transactor.run({
      label: `Reclaim trade #${trade.id}`,
      action: 'reclaim',
      args: [trade.id],
    });
    this.handle.set(handle);
    this.reclaimingId.set(trade.id);
    void handle.done.then(() => this.reclaimingId.set(null));
  }
}
