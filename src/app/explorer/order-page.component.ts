import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';

import { formatUtc } from '../core/time-format';
import { formatEnergy, formatMoney, formatPricePerKWh } from '../core/units';
import type { ApiOrder, ApiOrderAnswer, ApiPage, ApiTrade } from '../read-model/api-shapes';
import { ReadApi } from '../read-model/read-api';
import { ExplorerLink } from '../shared/explorer-link';
import { Pager } from '../shared/pager';
import { ExplorerError } from './explorer-error';
import { ExplorerProblemComponent } from './explorer-problem.component';
import { loadOnRouteParam } from './route-page-loader';

/** Trades of an order per page. */
export const ORDER_TRADES_PAGE_SIZE = 20;

interface OrderPage {
  readonly answer: ApiOrderAnswer;
  readonly trades: ApiPage<ApiTrade>;
  /** Where each shown page of trades starts (null: the first). */
  readonly cursors: readonly (string | null)[];
}

const STATUS: Readonly<Record<ApiOrder['status'], string>> = {
  open: 'Open',
  filled: 'Filled',
  cancelled: 'Cancelled',
};

/**
 * One offer or request by its number (GET /api/orders/{id}): who posted it,
 * at what price, how much is left, and the trades made from it, a page at a
 * time (GET /api/trades?order=).
 */
@Component({
  selector: 'app-order-page',
  imports: [ExplorerLink, ExplorerProblemComponent, Pager],
  template: `@switch (page.state().status) {
    @case ('loading') {
      <h2>Order #{{ page.key() }}</h2>
      <p role="status">Loading order…</p>
    }
    @case ('failed') {
      <h2>Order #{{ page.key() }}</h2>
      <app-explorer-problem [error]="page.failure()!" (retry)="page.reload()" />
    }
    @case ('loaded') {
      @let o = view()!.order;
      <h2>{{ view()!.noun }} #{{ o.id }}</h2>
      <p class="lead">{{ view()!.summary }}</p>
      <dl class="facts">
        <dt>Status</dt>
        <dd>{{ view()!.status }}</dd>
        <dt>{{ view()!.makerTitle }}</dt>
        <dd><app-explorer-link target="address" [value]="o.maker" /></dd>
        <dt>Price</dt>
        <dd>{{ view()!.price }}</dd>
        <dt>Quantity</dt>
        <dd>{{ view()!.quantity }}</dd>
        <dt>Remaining</dt>
        <dd>{{ view()!.remaining }}</dd>
        <dt>Traded</dt>
        <dd>{{ view()!.traded }} in {{ o.trades }} trade{{ o.trades === 1 ? '' : 's' }}</dd>
        @if (view()!.refund; as refund) {
          <dt>Escrow returned</dt>
          <dd>{{ refund }}</dd>
        }
        <dt>Posted</dt>
        <dd>
          {{ view()!.createdAt }} in <app-explorer-link target="block" [value]="o.created.block" />,
          transaction <app-explorer-link target="tx" [value]="o.created.transactionHash" />
        </dd>
        @if (o.closed; as closed) {
          <dt>Closed</dt>
          <dd>{{ view()!.closedAt }} in <app-explorer-link target="block" [value]="closed.block" /></dd>
        }
      </dl>
      <h3 id="order-trades">Trades</h3>
      @if (view()!.trades.length === 0 && trades.pageIndex() === 0) {
        <p class="muted">No trade has been made from this {{ view()!.noun.toLowerCase() }} yet.</p>
      } @else {
        <div class="table-scroll" [attr.aria-busy]="trades.loading()">
          <table aria-labelledby="order-trades">
            <thead>
              <tr>
                <th scope="col">Trade</th>
                <th scope="col">Buyer</th>
                <th scope="col">Seller</th>
                <th scope="col" class="num">Energy</th>
                <th scope="col" class="num">Amount</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              @for (t of view()!.trades; track t.id) {
                <tr>
                  <td data-label="Trade"><app-explorer-link target="trade" [value]="t.id" /></td>
                  <td data-label="Buyer"><app-explorer-link target="address" [value]="t.buyer" /></td>
                  <td data-label="Seller"><app-explorer-link target="address" [value]="t.seller" /></td>
                  <td class="num" data-label="Energy">{{ t.energy }}</td>
                  <td class="num" data-label="Amount">{{ t.amount }}</td>
                  <td data-label="State">{{ t.state }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        <app-pager
          [pageSize]="tradesPageSize"
          [shown]="view()!.trades.length"
          [hasNext]="view()!.hasNextTrades"
          [page]="trades.pageIndex()"
          (pageChange)="showTradesPage($event)"
          label="Trades of this order: pages"
        />
        @if (trades.problem(); as problem) {
          <p class="problem" role="alert">{{ problem }}</p>
        }
      }
    }
  }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderPageComponent {
  private readonly api = inject(ReadApi);
  protected readonly tradesPageSize = ORDER_TRADES_PAGE_SIZE;
  /** The shown page of trades, when another than the first was asked for. */
  private readonly tradesPage = signal<{ readonly page: ApiPage<ApiTrade>; readonly cursors: readonly (string | null)[] } | null>(null);
  protected readonly trades = {
    pageIndex: computed(() => (this.tradesPage()?.cursors.length ?? 1) - 1),
    loading: signal(false),
    problem: signal<string | null>(null),
  };
  protected readonly page = loadOnRouteParam('id', (id) => this.read(id), () => this.tradesPage.set(null));

  protected readonly view = computed(() => {
    const state = this.page.state();
    if (state.status !== 'loaded') return null;
    const { order } = state.value.answer;
    const shown = this.tradesPage()?.page ?? state.value.trades;
    const offer = order.kind === 'offer';
    const noun = offer ? 'Offer' : 'Request';
    const price = formatPricePerKWh(BigInt(order.unitPrice));
    return {
      order,
      noun,
      summary: `${offer ? 'Sells' : 'Asks for'} ${formatEnergy(BigInt(order.quantityMilliWh))} at ${price}.`,
      makerTitle: offer ? 'Seller' : 'Buyer',
      status: STATUS[order.status],
      price,
      quantity: formatEnergy(BigInt(order.quantityMilliWh)),
      remaining: formatEnergy(BigInt(order.remainingMilliWh)),
      traded: formatEnergy(BigInt(order.tradedMilliWh)),
      refund: order.refundWei !== null && order.refundWei !== '0' ? formatMoney(BigInt(order.refundWei)) : null,
      createdAt: formatUtc(order.created.at),
      closedAt: order.closed ? formatUtc(order.closed.at) : '',
      hasNextTrades: shown.next !== null,
      trades: shown.items.map((t) => ({
        id: t.id,
        buyer: t.buyer,
        seller: t.seller,
        energy: formatEnergy(BigInt(t.quantityMilliWh)),
        amount: formatMoney(BigInt(t.amountWei)),
        state: t.state === 'open' ? 'Open' : t.state === 'settled' ? 'Settled' : 'Reclaimed',
      })),
    };
  });

  protected async showTradesPage(index: number): Promise<void> {
    const state = this.page.state();
    if (state.status !== 'loaded') return;
    const current = this.tradesPage() ?? { page: state.value.trades, cursors: [null] };
    const cursors = index > this.trades.pageIndex() ? [...current.cursors, current.page.next] : current.cursors.slice(0, index + 1);
    const cursor = cursors[cursors.length - 1];
    if (index > this.trades.pageIndex() && cursor === null) return;
    this.trades.loading.set(true);
    this.trades.problem.set(null);
    try {
      const page = await this.api.trades({ order: state.value.answer.order.id }, { limit: ORDER_TRADES_PAGE_SIZE, cursor });
      this.tradesPage.set({ page, cursors });
    } catch (error) {
      this.trades.problem.set(error instanceof Error ? error.message : String(error));
    } finally {
      this.trades.loading.set(false);
    }
  }

  private async read(id: string): Promise<OrderPage> {
    const number = id.replace(/^#/, '');
    if (!/^\d+$/.test(number) || number === '0') throw new ExplorerError('invalid', `“${id}” is not an order number: offers and requests are numbered 1, 2, 3…`);
    const [answer, trades] = await Promise.all([this.api.order(BigInt(number)), this.api.trades({ order: BigInt(number) }, { limit: ORDER_TRADES_PAGE_SIZE })]);
    return { answer, trades, cursors: [null] };
  }
}
