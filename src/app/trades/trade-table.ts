import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import type { TradeRecord } from './trade-record';
import type { TradeReclaims } from './trade-reclaims';
import { TradeRow } from './trade-row';

/** Trades of one household as rows, the same wherever they are listed (My trades, Trades by your agent). */
@Component({
  selector: 'app-trade-table',
  imports: [TradeRow],
  template: `
    <div class="table-scroll">
      <table class="trades" [attr.data-testid]="testId()">
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
          @for (trade of trades(); track trade.id) {
            <tr
              app-trade-row
              [trade]="trade"
              [me]="me()"
              [reclaiming]="reclaims().reclaimingId() === trade.id"
              (reclaim)="reclaims().reclaim($event)"
            ></tr>
          }
        </tbody>
      </table>
    </div>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TradeTable {
  readonly trades = input.required<readonly TradeRecord[]>();
  /** The household whose trades they are: "Bought from" or "Sold to", and who may reclaim. */
  readonly me = input.required<string>();
  readonly reclaims = input.required<TradeReclaims>();
  readonly testId = input<string | null>(null);
}
