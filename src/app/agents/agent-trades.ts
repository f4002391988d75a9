import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';

import { RouterLink } from '@angular/router';

import { MyTrades } from '../trades/my-trades';
import { type TradeRecord, byMyAgent } from '../trades/trade-record';
import { TradeRow } from '../trades/trade-row';
import { type TxHandle, Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';

/**
 * The household's trades made by its agent among its latest trades (the page My trades shows,
 * read from the index and kept live), newest first; My trades marks them and pages further back.
 */
@Component({
  selector: 'app-agent-trades',
  imports: [RouterLink, TradeRow, TxStatusView],
  template: `
    <section class="card" aria-labelledby="agent-trades-heading">
      <h2 id="agent-trades-heading">Trades by your agent</h2>
      <p class="hint">Among your latest trades; <a routerLink="/account">My trades</a> lists them all, your agent's marked.</p>
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
          @if (mine().length === 0) {
            <p class="hint">None of your latest trades was made by your agent. My trades lists them all.</p>
          } @else {
            <div class="table-scroll">
              <table class="trades" data-testid="agent-trades">
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
                  @for (trade of mine(); track trade.id) {
                    <tr app-trade-row [trade]="trade" [me]="household()" [reclaiming]="reclaimingId() === trade.id" (reclaim)="reclaimTrade($event)"></tr>
                  }
                </tbody>
              </table>
            </div>
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
  private readonly transactor = inject(Transactor);
  protected readonly handle = signal<TxHandle | null>(null);
  protected readonly reclaimingId = signal<bigint | null>(null);

  /** A trade the agent bought and the seller did not deliver in time: its money goes back to the household. */
  protected reclaimTrade(trade: TradeRecord): void {
    const handle = this.transactor.run({ label: `Reclaim trade #${trade.id}`, action: 'reclaim', args: [trade.id] });
    this.handle.set(handle);
    this.reclaimingId.set(trade.id);
    void handle.done.then(() => this.reclaimingId.set(null));
  }
}
