import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { EMPTY, distinctUntilChanged, map, switchMap } from 'rxjs';

import { ChainHead } from '../chain/chain-head';
import { formatEnergy, formatMoney } from '../core/units';
import { DeliveryProgress } from '../nodes/delivery-progress';
import { NodeApi } from '../nodes/node-api';
import { AgentMark } from '../shared/agent-mark';
import { EnergyPipe } from '../shared/energy.pipe';
import { MoneyPipe } from '../shared/money.pipe';
import { ExplorerLink } from '../shared/explorer-link';
import { type TradeRecord, byMyAgent } from './trade-record';
import { TRADE_STATE_LABELS, tradeStateOf } from './trade-state';

/** One of my trades: who with, how much, its state live, and Reclaim when due. */
@Component({
  selector: 'tr[app-trade-row]',
  imports: [AgentMark, DeliveryProgress, EnergyPipe, MoneyPipe, ExplorerLink],
  template: `
    <td data-label="Trade">#{{ trade().id }}</td>
    <td data-label="With">
      {{ iAmBuyer() ? 'Bought from' : 'Sold to' }}
      <app-explorer-link target="address" [value]="iAmBuyer() ? trade().seller : trade().buyer" />
      @if (byMyAgent()) {
        <app-agent-mark text="By my agent" [title]="'Your automatic-trading agent ' + (iAmBuyer() ? 'bought' : 'sold') + ' this for you, within the limits you set on chain'" />
      }
    </td>
    <td class="figure" data-label="Energy">{{ trade().quantityMilliWh | energy }}</td>
    <td class="figure" data-label="Amount">{{ trade().amountWei | money }}</td>
    <td data-label="State">
      <span class="trade-state" [attr.data-state]="state()">{{ stateLabel() }}</span>
      @if (state() === 'pending-delivery' || state() === 'delivering' || state() === 'delivered') {
        <app-delivery-progress [reading]="delivery()" [tradeId]="trade().id" [seller]="trade().seller" />
      }
      @if (outcomeText(); as text) {
        <span class="hint">{{ text }}</span>
      }
      @if (state() === 'reclaimable' && !iAmBuyer()) {
        <span class="hint">Not settled in time: the buyer may take the amount back.</span>
      }
    </td>
    <td data-label="Block">
      <app-explorer-link target="block" [value]="trade().outcome?.blockNumber ?? trade().openedBlock" />
    </td>
    <td>
      @if (state() === 'reclaimable' && iAmBuyer()) {
        <button type="button" class="primary" (click)="reclaim.emit(trade())" [disabled]="reclaiming()">
          Reclaim<span class="visually-hidden"> trade #{{ trade().id }}</span>
        </button>
      }
    </td>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TradeRow {
  private readonly head = inject(ChainHead);
  private readonly nodes = inject(NodeApi);

  readonly trade = input.required<TradeRecord>();
  readonly me = input.required<string>();
  readonly reclaiming = input(false);
  readonly reclaim = output<TradeRecord>();

  protected readonly byMyAgent = computed(() => byMyAgent(this.trade(), this.me()));
  protected readonly iAmBuyer = computed(() => this.trade().buyer.toLowerCase() === this.me().toLowerCase());
  /** Whether the seller's node is worth asking: the trade is open and not overdue. */
  private readonly watchNode = computed(() => !this.trade().outcome && this.head.chainNow() < this.trade().deadline);

  protected readonly delivery = toSignal(
    toObservable(computed(() => (this.watchNode() ? this.trade() : null))).pipe(
      map((trade) => trade && { seller: trade.seller, id: trade.id }),
      distinctUntilChanged((a, b) => a?.id === b?.id && a?.seller === b?.seller),
      switchMap((key) => (key ? this.nodes.followDelivery(key.seller, key.id) : EMPTY)),
    ),
    { initialValue: null },
  );

  protected readonly state = computed(() => {
    const reading = this.delivery();
    return tradeStateOf(this.trade(), this.head.chainNow(), reading?.kind === 'report' ? reading.report : null);
  });
  protected readonly stateLabel = computed(() => TRADE_STATE_LABELS[this.state()]);
  protected readonly outcomeText = computed(() => {
    const outcome = this.trade().outcome;
    if (!outcome) return null;
    if (outcome.kind === 'reclaimed') return `${formatMoney(outcome.amountWei)} returned to the buyer.`;
    const delivered = `Delivered ${formatEnergy(outcome.deliveredMilliWh)} of ${formatEnergy(this.trade().quantityMilliWh)}`;
    const refund = outcome.buyerRefundWei > 0n ? `, ${formatMoney(outcome.buyerRefundWei)} refunded to the buyer` : '';
    return `${delivered}; seller paid ${formatMoney(outcome.sellerAmountWei)}${refund}.`;
  });
}
