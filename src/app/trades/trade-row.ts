import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { EMPTY, distinctUntilChanged, map, switchMap } from 'rxjs';

import { ChainHead } from '../chain/chain-head';
import { formatUtc } from '../core/time-format';
import { formatEnergyFigures, formatMoney } from '../core/units';
import { DeliveryProgress } from '../nodes/delivery-progress';
import { NodeApi } from '../nodes/node-api';
import { AgentMark } from '../shared/agent-mark';
import { EnergyPipe } from '../shared/energy.pipe';
import { MoneyPipe } from '../shared/money.pipe';
import { ExplorerLink } from '../shared/explorer-link';
import { type TradeRecord, byMyAgent } from './trade-record';
import { METERING_TAGS, METERING_WORDS, TRADE_STAGE_WORDS, isDeliveryStage, meterFiguresText, tradeStageOf } from './trade-stage';

/** One of my trades: who with, how much, its stage live (both meters while it flows), and Reclaim when due. */
@Component({
  selector: 'tr[app-trade-row]',
  imports: [AgentMark, DeliveryProgress, EnergyPipe, MoneyPipe, ExplorerLink],
  template: `
    <td data-label="Trade"><app-explorer-link target="trade" [value]="trade().id" /></td>
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
      <span class="trade-state" [attr.data-state]="stage()" [attr.data-metering]="metering()">{{ stageText() }}</span>
      @if (showDelivery()) {
        <app-delivery-progress [delivery]="delivery()" [quantityMilliWh]="trade().quantityMilliWh" [tradeId]="trade().id" [seller]="trade().seller" />
      }
      @if (outcomeText(); as text) {
        <span class="hint meters">{{ text }}</span>
      }
      @if (stage() === 'reclaimable' && !iAmBuyer()) {
        <span class="hint">Not settled in time: the buyer may take the amount back.</span>
      } @else if (reclaimText(); as text) {
        <span class="hint">{{ text }}</span>
      }
    </td>
    <td data-label="Block">
      <app-explorer-link target="block" [value]="trade().outcome?.blockNumber ?? trade().openedBlock" />
    </td>
    <td>
      @if (stage() === 'reclaimable' && iAmBuyer()) {
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
  /** Whether the nodes are worth asking: the trade is open and not overdue. */
  private readonly watchNodes = computed(() => !this.trade().outcome && this.head.chainNow() < this.trade().deadline);

  protected readonly delivery = toSignal(
    toObservable(computed(() => (this.watchNodes() ? this.trade() : null))).pipe(
      map((trade) => trade && { seller: trade.seller, buyer: trade.buyer, id: trade.id }),
      distinctUntilChanged((a, b) => a?.id === b?.id && a?.seller === b?.seller),
      switchMap((key) => (key ? this.nodes.followTrade(key.seller, key.buyer, key.id) : EMPTY)),
    ),
    { initialValue: null },
  );

  protected readonly stage = computed(() => {
    const seller = this.delivery()?.seller;
    return tradeStageOf(this.trade(), this.head.chainNow(), seller?.kind === 'report' ? seller.report : null);
  });
  protected readonly metering = computed(() => {
    const outcome = this.trade().outcome;
    return outcome?.kind === 'settled' ? outcome.metering : null;
  });
  protected readonly stageText = computed(() => {
    const metering = this.metering();
    const tag = metering ? METERING_TAGS[metering] : null;
    return tag ? `${TRADE_STAGE_WORDS[this.stage()]}, ${tag}` : TRADE_STAGE_WORDS[this.stage()];
  });
  protected readonly showDelivery = computed(() => isDeliveryStage(this.stage()) && this.watchNodes());
  /** When an open trade's buyer may take the amount back if it is not settled by then. */
  protected readonly reclaimText = computed(() => {
    if (this.trade().outcome || this.stage() === 'reclaimable') return null;
    const when = formatUtc(this.trade().deadline);
    return this.iAmBuyer() ? `If not settled, you may reclaim it from ${when}.` : `The buyer may reclaim it if not settled by ${when}.`;
  });
  protected readonly outcomeText = computed(() => {
    const outcome = this.trade().outcome;
    if (!outcome) return null;
    if (outcome.kind === 'reclaimed') return `${formatMoney(outcome.amountWei)} returned to the buyer.`;
    const meters = meterFiguresText(outcome.sentMilliWh, outcome.receivedMilliWh, outcome.metering);
    const [paidFor] = formatEnergyFigures([outcome.deliveredMilliWh, outcome.sentMilliWh]);
    const refund = outcome.buyerRefundWei > 0n ? `, ${formatMoney(outcome.buyerRefundWei)} refunded to the buyer` : '';
    const why = outcome.metering === 'disputed' ? ` (${METERING_WORDS.disputed})` : '';
    return `${capitalize(meters)}${why}; seller paid ${formatMoney(outcome.sellerAmountWei)} for ${paidFor}${refund}.`;
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
