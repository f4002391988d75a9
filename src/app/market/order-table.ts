import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  signal,
} from '@angular/core';
import { RouterLink } from '@angular/router';

import { formatMoney, totalWei } from '../core/units';
import { AgentMark } from '../shared/agent-mark';
import { EnergyPipe } from '../shared/energy.pipe';
import { ExplorerLink } from '../shared/explorer-link';
import { Pager } from '../shared/pager';
import { PricePipe } from '../shared/price.pipe';
import { type TxHandle } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import { MARKET_PAGE_SIZE, MarketBook } from './market-book';
import type { MarketOrder, OrderKind } from './market-order';
import { TakeOrderForm } from './take-order-form';

let nextTableId = 0;

/** A row as shown: the order, its total price for everything that remains, and whether it is mine. */
interface OrderRow {
  readonly order: MarketOrder;
  readonly totalText: string;
  readonly mine: boolean;
}

/**
 * The market's sell offers (to buy from) or buy requests (to sell into), best
 * price first, one page of 25 read at a time from the index, so 10,000 orders
 * cost one page. The person's own orders are among them, marked as theirs,
 * with no Buy / Sell: nobody trades with themselves.
 */
@Component({
  selector: 'app-order-table',
  imports: [AgentMark, EnergyPipe, PricePipe, ExplorerLink, Pager, RouterLink, TakeOrderForm, TxStatusView],
  templateUrl: './order-table.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderTable {
  protected readonly market = inject(MarketBook);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  readonly kind = input.required<OrderKind>();

  protected readonly side = computed(() => this.market.sideOf(this.kind()));
  protected readonly pageSize = MARKET_PAGE_SIZE;
  /** The order whose Buy / Sell panel is open. */
  protected readonly selectedId = signal<bigint | null>(null);
  /** The last buy or sell started here, and on which order: shown once its panel has closed. */
  protected readonly lastHandle = signal<TxHandle | null>(null);
  private lastOrderId: bigint | null = null;

  protected readonly orders = computed(() => this.market.pageOf(this.kind()));
  protected readonly total = computed(() => this.side().value()?.total ?? 0);
  protected readonly rows = computed<OrderRow[]>(() =>
    this.orders().map((order) => ({
      order,
      totalText: formatMoney(totalWei(order.remainingMilliWh, order.unitPrice), 6),
      mine: this.market.isMine(order),
    })),
  );
  protected readonly selectedOrder = computed(() => {
    const id = this.selectedId();
    return id === null ? null : (this.market.order(id) ?? null);
  });
  protected readonly selectedOnPage = computed(() => this.rows().some((row) => row.order.id === this.selectedId()));
  protected readonly title = computed(() => (this.kind() === 'offer' ? 'Energy for sale' : 'Energy wanted'));
  protected readonly mineText = computed(() => (this.kind() === 'offer' ? 'Your offer' : 'Your request'));
  protected readonly makerTitle = computed(() => (this.kind() === 'offer' ? 'Seller' : 'Buyer'));
  protected readonly actionText = computed(() => (this.kind() === 'offer' ? 'Buy' : 'Sell'));
  protected readonly emptyText = computed(() =>
    this.kind() === 'offer' ? 'Nobody offers energy right now.' : 'Nobody asks for energy right now.',
  );
  protected readonly headingId = `order-table-${nextTableId++}`;

  constructor() {
    // My own buy emptied the order: close its panel, the status stays above the table.
    effect(() => {
      const id = this.selectedId();
      if (id !== null && this.selectedOrder() === null && id === this.lastOrderId) this.selectedId.set(null);
    });
  }

  protected showPage(index: number): void {
    this.side().showPage(index);
  }

  protected keepStatus(id: bigint, handle: TxHandle): void {
    this.lastOrderId = id;
    this.lastHandle.set(handle);
  }

  protected toggleTakeOrder(id: bigint): void {
    this.selectedId.update((selected) => (selected === id ? null : id));
  }

  protected closeTakeOrder(): void {
    const id = this.selectedId();
    this.selectedId.set(null);
    // Keyboard users land back on the button that opened the panel.
    afterNextRender(() => this.host.nativeElement.querySelector<HTMLButtonElement>(`button[data-order-id="${id}"]`)?.focus(), {
      injector: this.injector,
    });
  }
}
