import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { Pager } from '../shared/pager';
import { Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import { WalletSession } from '../wallet/wallet-session';
import { MY_TRADES_PAGE_SIZE, MyTrades } from './my-trades';
import { TradeReclaims } from './trade-reclaims';
import { TradeTable } from './trade-table';

/** My trades as buyer and as seller, newest first, a page at a time, with their live state. */
@Component({
  selector: 'app-my-trades-table',
  imports: [TradeTable, TxStatusView, Pager],
  template: `
    <section class="card" aria-labelledby="my-trades-heading">
      <h2 id="my-trades-heading">My trades</h2>
      <app-tx-status [handle]="reclaims.handle()" />
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
            <app-trade-table [trades]="trades.page()" [me]="me()!" [reclaims]="reclaims" />
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
  protected readonly me = inject(WalletSession).account;
  protected readonly reclaims = new TradeReclaims(inject(Transactor));
  protected readonly pageSize = MY_TRADES_PAGE_SIZE;
  protected readonly pages = this.trades.pages;

  protected showPage(index: number): void {
    this.pages()?.showPage(index);
  }
}
