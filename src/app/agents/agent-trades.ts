import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import { MyTrades } from '../trades/my-trades';
import { TradeReclaims } from '../trades/trade-reclaims';
import { byMyAgent } from '../trades/trade-record';
import { TradeTable } from '../trades/trade-table';
import { Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';

/**
 * The household's trades made by its agent among its latest trades (the page My trades shows,
 * read from the index and kept live), newest first; My trades marks them and pages further back.
 */
@Component({
  selector: 'app-agent-trades',
  imports: [RouterLink, TradeTable, TxStatusView],
  template: `
    <section class="card" aria-labelledby="agent-trades-heading">
      <h2 id="agent-trades-heading">Trades by your agent</h2>
      <p class="hint">Among your latest trades; <a routerLink="/account">My trades</a> lists them all, your agent's marked.</p>
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
          @if (mine().length === 0) {
            <p class="hint">None of your latest trades was made by your agent. My trades lists them all.</p>
          } @else {
            <app-trade-table [trades]="mine()" [me]="household()" [reclaims]="reclaims" testId="agent-trades" />
          }
        }
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AgentTrades {
  protected readonly trades = inject(MyTrades);
  readonly household = input.required<string>();
  protected readonly mine = computed(() => this.trades.page().filter((trade) => byMyAgent(trade, this.household())));
  /** A trade the agent bought and the seller did not deliver in time: its money goes back to the household. */
  protected readonly reclaims = new TradeReclaims(inject(Transactor));
}
