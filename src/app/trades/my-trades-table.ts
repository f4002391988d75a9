import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';

import { Pager } from '../shared/pager';
import { type TxHandle, Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import { WalletSession } from '../wallet/wallet-session';
import { MY_TRADES_PAGE_SIZE, MyTrades } from './my-trades';
import type { TradeRecord } from './trade-record';
import { TradeRow } from './trade-row';

/** My trades as buyer and as seller, newest first, a page at a time, with their live state. */
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
          @if (trades.stale(); as stale) {
            <p class="hint stale" role="status">This list may be out of date: {{ stale.message }}</p>
          }
          @if (trades.page().length === 0 && !pages()?.hasPrevious()) {
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
                  @for (trade of trades.page(); track trade.id) {
                    <tr app-trade-row [trade]="trade" [me]="me()!" [reclaiming]="reclaimingId() === trade.id" (reclaim)="reclaimTrade($event)"></tr>
                  }
                </tbody>
              </table>
            </div>
            <app-pager
              [pageSize]="pageSize"
              [shown]="trades.page().length"
              [hasNext]="pages()?.hasNext() ?? false"
              [page]="pages()?.pageIndex() ?? 0"
              (pageChange)="showPage($event)"
              label="My trades: pages"
            />
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
  protected readonly pageSize = MY_TRADES_PAGE_SIZE;
  protected readonly pages = this.trades.pages;

  protected showPage(index: number): void {
    this.pages()?.showPage(index);
  }

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
