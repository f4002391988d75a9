import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';

import { formatUtc } from '../core/time-format';
import { formatEnergy, formatMoney, formatPricePerKWh } from '../core/units';
import type { ApiTrade, ApiTradeAnswer } from '../read-model/api-shapes';
import { ReadApi } from '../read-model/read-api';
import { ExplorerLink } from '../shared/explorer-link';
import { ExplorerError } from './explorer-error';
import { ExplorerProblemComponent } from './explorer-problem.component';
import { eventInWords } from './market-event-names';
import { loadOnRouteParam } from './route-page-loader';
import { tickingNowSeconds } from './ticking-clock';

const METERING: Readonly<Record<string, string>> = {
  'two-sided': 'both nodes metered it',
  disputed: 'disputed: the buyer’s node received less than the line-loss allowance permits',
  'one-sided': 'only the seller’s node metered it',
};

/**
 * One trade by its number (GET /api/trades/{id}): who bought from whom, how
 * much at what price, where it stands (open and from when its buyer may
 * reclaim it, settled from the meters, or reclaimed) and its history.
 */
@Component({
  selector: 'app-trade-page',
  imports: [ExplorerLink, ExplorerProblemComponent],
  template: `@switch (page.state().status) {
    @case ('loading') {
      <h2>Trade #{{ page.key() }}</h2>
      <p role="status">Loading trade…</p>
    }
    @case ('failed') {
      <h2>Trade #{{ page.key() }}</h2>
      <app-explorer-problem [error]="page.failure()!" (retry)="page.reload()" />
    }
    @case ('loaded') {
      @let t = view()!.trade;
      <h2>Trade #{{ t.id }}</h2>
      <p class="lead" data-testid="trade-state">{{ view()!.stateText }}</p>
      <dl class="facts">
        <dt>Order</dt>
        <dd><app-explorer-link target="order" [value]="t.orderId" [kind]="t.orderKind" /></dd>
        <dt>Buyer</dt>
        <dd><app-explorer-link target="address" [value]="t.buyer" /></dd>
        <dt>Seller</dt>
        <dd><app-explorer-link target="address" [value]="t.seller" /></dd>
        <dt>Energy</dt>
        <dd>{{ view()!.energy }}</dd>
        <dt>Price</dt>
        <dd>{{ view()!.price }}</dd>
        <dt>Amount</dt>
        <dd>{{ view()!.amount }} <span class="muted">(held in escrow until the trade is settled or reclaimed)</span></dd>
        <dt>Opened</dt>
        <dd>
          {{ view()!.openedAt }} in <app-explorer-link target="block" [value]="t.opened.block" />,
          transaction <app-explorer-link target="tx" [value]="t.opened.transactionHash" />
        </dd>
        <dt>Reclaimable from</dt>
        <dd>{{ view()!.reclaimableFrom }}</dd>
        @if (t.settlement; as s) {
          <dt>Delivered</dt>
          <dd>{{ view()!.delivered }}</dd>
          @if (view()!.metering; as metering) {
            <dt>Metering</dt>
            <dd>{{ metering }}</dd>
          }
          <dt>Seller paid</dt>
          <dd>{{ view()!.sellerPaid }}</dd>
          <dt>Refunded to the buyer</dt>
          <dd>{{ view()!.buyerRefund }}</dd>
        }
        @if (t.closed; as closed) {
          <dt>Closed</dt>
          <dd>
            {{ view()!.closedAt }} in <app-explorer-link target="block" [value]="closed.block" />,
            transaction <app-explorer-link target="tx" [value]="closed.transactionHash" />
          </dd>
        }
      </dl>
      <h3 id="trade-history">History</h3>
      <div class="table-scroll">
        <table aria-labelledby="trade-history">
          <thead>
            <tr>
              <th scope="col">What happened</th>
              <th scope="col">Block</th>
              <th scope="col">Transaction</th>
            </tr>
          </thead>
          <tbody>
            @for (event of view()!.events; track event.key) {
              <tr>
                <td data-label="What happened">{{ event.words }}</td>
                <td data-label="Block"><app-explorer-link target="block" [value]="event.block" /></td>
                <td data-label="Transaction"><app-explorer-link target="tx" [value]="event.transactionHash" [copyable]="false" /></td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <p class="muted">As the main server's index holds it at block {{ view()!.indexedBlock }}.</p>
    }
  }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TradePageComponent {
  private readonly api = inject(ReadApi);
  private readonly now = tickingNowSeconds();
  protected readonly page = loadOnRouteParam('id', (id) => this.read(id));

  protected readonly view = computed(() => {
    const state = this.page.state();
    if (state.status !== 'loaded') return null;
    const { trade, events, indexedBlock } = state.value;
    const s = trade.settlement;
    return {
      trade,
      indexedBlock,
      stateText: tradeStateText(trade, this.now()),
      energy: formatEnergy(BigInt(trade.quantityMilliWh)),
      price: formatPricePerKWh(BigInt(trade.unitPrice)),
      amount: formatMoney(BigInt(trade.amountWei)),
      openedAt: formatUtc(trade.opened.at),
      reclaimableFrom: formatUtc(trade.reclaimableFrom),
      closedAt: trade.closed ? formatUtc(trade.closed.at) : '',
      delivered: s ? deliveredText(s.deliveredMilliWh, s.sentMilliWh, s.receivedMilliWh) : '',
      metering: s?.metering ? METERING[s.metering] : null,
      sellerPaid: s ? formatMoney(BigInt(s.sellerAmountWei)) : '',
      buyerRefund: s ? formatMoney(BigInt(s.buyerRefundWei)) : '',
      events: events.map((event) => ({
        key: `${event.blockNumber}/${event.logIndex}`,
        words: eventInWords(event),
        block: event.blockNumber,
        transactionHash: event.transactionHash,
      })),
    };
  });

  private async read(id: string): Promise<ApiTradeAnswer> {
    const number = id.replace(/^#/, '');
    if (!/^\d+$/.test(number) || number === '0') throw new ExplorerError('invalid', `“${id}” is not a trade number: trades are numbered 1, 2, 3…`);
    return this.api.trade(BigInt(number));
  }
}

/** Where a trade stands, in one sentence. */
export function tradeStateText(trade: ApiTrade, nowSeconds: number): string {
  if (trade.state === 'settled') return 'Settled: the seller was paid for the energy the meters show delivered.';
  if (trade.state === 'reclaimed') return `Reclaimed: ${formatMoney(BigInt(trade.reclaim?.amountWei ?? trade.amountWei))} returned to the buyer.`;
  if (nowSeconds >= trade.reclaimableFrom) return 'Open past its deadline: the buyer may reclaim the amount.';
  return `Open: awaiting delivery and settlement. If it is not settled, the buyer may reclaim the amount from ${formatUtc(trade.reclaimableFrom)}.`;
}

function deliveredText(delivered: number, sent?: number, received?: number): string {
  const main = formatEnergy(BigInt(delivered));
  if (sent === undefined || received === undefined) return main;
  return `${main} (the seller's node sent ${formatEnergy(BigInt(sent))}, the buyer's received ${formatEnergy(BigInt(received))})`;
}
