import { ChangeDetectionStrategy, Component, type ElementRef, Injector, afterNextRender, computed, effect, inject, input, output, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { map } from 'rxjs';

import { readingNote } from '../core/decimal-input';
import { exceedsBalanceText, exceedsRemainingText, ownOrderText, quantityProblemText } from '../core/input-problems';
import { type EnergyUnit, formatDecimal, formatEnergy, formatEnergyIn, formatMoney, parseEnergy, totalWei } from '../core/units';
import { DeliveryStart } from '../nodes/delivery-start';
import { EnergyQuantityInput } from '../shared/energy-quantity-input';
import { type TxHandle, Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import { AccountBalance } from '../wallet/account-balance';
import { WalletSession } from '../wallet/wallet-session';
import { MarketBook } from './market-book';
import type { MarketOrder, OrderKind } from './market-order';
import { OrderOnChain } from './order-on-chain';

let nextFormId = 0;

/** What was sent, kept to say what was done once the form has moved on. */
interface Sent {
  readonly quantityMilliWh: bigint;
  readonly totalWei: bigint;
}

/**
 * Buys all or part of another peer's offer, or sells into all or part of their
 * request: the quantity starts at everything that remains and can be lowered.
 *
 * One confirmation makes one trade: while the wallet is asked or the
 * transaction is pending nothing more is sent, and once it is mined (or its
 * fate is unknown) the form gives way to the result, so another trade takes a
 * fresh, deliberate "Buy more".
 */
@Component({
  selector: 'app-take-order-form',
  imports: [DeliveryStart, EnergyQuantityInput, ReactiveFormsModule, TxStatusView],
  templateUrl: './take-order-form.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TakeOrderForm {
  private readonly transactor = inject(Transactor);
  private readonly wallet = inject(WalletSession);
  private readonly balance = inject(AccountBalance);
  private readonly onChain = inject(OrderOnChain);
  private readonly market = inject(MarketBook);
  private readonly injector = inject(Injector);

  /** The order as the market shows it now; null once it is filled or cancelled. */
  readonly order = input.required<MarketOrder | null>();
  /** The order's id and kind, kept to name it after it left the market. */
  readonly orderId = input.required<bigint>();
  readonly kind = input.required<OrderKind>();
  readonly closed = output<void>();
  /** A transaction started here: the table keeps showing it after the row has gone. */
  readonly started = output<TxHandle>();

  protected readonly ids = ((n) => ({
    quantity: `take-order-${n}-quantity`,
    unit: `take-order-${n}-unit`,
    problem: `take-order-${n}-problem`,
  }))(nextFormId++);
  private readonly quantityInput = viewChild(EnergyQuantityInput);
  private readonly closeButton = viewChild<ElementRef<HTMLButtonElement>>('closeButton');

  protected readonly form = inject(NonNullableFormBuilder).group({ quantity: '', unit: 'Wh' as EnergyUnit });
  private readonly value = toSignal(this.form.valueChanges.pipe(map(() => this.form.getRawValue())), {
    initialValue: this.form.getRawValue(),
  });
  protected readonly handle = signal<TxHandle | null>(null);
  protected readonly touched = signal(false);
  protected readonly sent = signal<Sent | null>(null);

  protected readonly isOffer = computed(() => this.kind() === 'offer');
  protected readonly noun = computed(() => (this.isOffer() ? 'offer' : 'request'));
  protected readonly verb = computed(() => (this.isOffer() ? 'Buy' : 'Sell'));
  private readonly quantity = computed(() => parseEnergy(this.value().quantity, this.value().unit));

  /** The order is the person's own (their wallet moved to its maker's account): explain, never send. */
  protected readonly mine = computed(() => {
    const order = this.order();
    return order !== null && this.market.isMine(order);
  });
  protected readonly problem = computed(() => {
    const order = this.order();
    const quantity = this.quantity();
    if (!order) return null;
    if (this.mine()) return ownOrderText(this.noun(), this.verb());
    if (!quantity.ok) return quantityProblemText(quantity, this.value().unit);
    if (quantity.value > order.remainingMilliWh) return exceedsRemainingText(order.remainingMilliWh, this.noun(), order.id);
    const balance = this.balance.balanceWei();
    const total = totalWei(quantity.value, order.unitPrice);
    if (this.isOffer() && balance !== null && total > balance) return exceedsBalanceText(total, balance);
    return null;
  });
  protected readonly reading = computed(() => readingNote(this.quantity(), (value) => formatEnergyIn(value, this.value().unit)));
  protected readonly totalText = computed(() => {
    const order = this.order();
    const quantity = this.quantity();
    if (!order || !quantity.ok) return null;
    const total = formatMoney(totalWei(quantity.value, order.unitPrice));
    return this.isOffer() ? `You pay ${total} for ${formatEnergy(quantity.value)}.` : `You are paid ${total} for ${formatEnergy(quantity.value)} once delivered.`;
  });
  protected readonly showProblem = computed(() => (this.touched() || this.mine()) && this.problem() !== null);
  protected readonly busy = computed(() => {
    const state = this.handle()?.status().state;
    return state === 'awaiting-wallet' || state === 'pending';
  });
  protected readonly connected = computed(() => this.wallet.state() === 'connected');
  protected readonly me = computed(() => (this.connected() ? this.wallet.account() : null));
  /** The two households of the trade this form would open: the seller's node exports, the buyer's imports. */
  protected readonly parties = computed(() => {
    const order = this.order();
    if (!order) return null;
    const me = this.me();
    if (this.isOffer()) return { seller: order.maker, buyer: me };
    return me ? { seller: me, buyer: order.maker } : null;
  });
  /**
   * The trade is done (mined), or was sent and its fate is unknown (not mined in time):
   * either way the form is not offered again as it was.
   */
  protected readonly finished = computed(() => {
    const status = this.handle()?.status();
    if (!status) return false;
    return status.state === 'confirmed' || (status.state === 'failed' && status.hash !== undefined && status.blockNumber === undefined);
  });
  protected readonly resultText = computed(() => {
    const sent = this.sent();
    const status = this.handle()?.status();
    if (!sent || status?.state !== 'confirmed') return null;
    const what = `${formatEnergy(sent.quantityMilliWh)} for ${formatMoney(sent.totalWei)}`;
    return this.isOffer()
      ? `You bought ${what}. The seller's node delivers it now: follow it under My trades in My Account.`
      : `You sold ${what}, paid once your node has delivered it: follow it under My trades in My Account.`;
  });

  constructor() {
    afterNextRender(() => this.startFresh());
    // Done: the result replaces the Confirm button; keyboard users land on Close, not on a new trade.
    effect(() => {
      if (this.finished()) untracked(() => afterNextRender(() => this.closeButton()?.nativeElement.focus(), { injector: this.injector }));
    });
  }

  /** Another trade on the same order: a fresh form, the quantity again everything that remains. */
  protected takeMore(): void {
    this.handle.set(null);
    this.sent.set(null);
    this.touched.set(false);
    afterNextRender(() => this.startFresh(), { injector: this.injector });
  }

  private startFresh(): void {
    const order = this.order();
    if (order) {
      // Start from everything that remains, in the unit that reads best.
      const unit: EnergyUnit = order.remainingMilliWh >= 1_000_000n ? 'kWh' : 'Wh';
      const text = formatDecimal(order.remainingMilliWh, unit === 'kWh' ? 6 : 3).replaceAll(',', '');
      this.form.setValue({ quantity: text, unit });
    }
    this.quantityInput()?.focus();
  }

  protected takeOrder(): void {
    this.touched.set(true);
    const order = this.order();
    const quantity = this.quantity();
    if (!order || !quantity.ok || this.problem() || !this.connected() || this.busy() || this.finished()) return;
    const offer = this.isOffer();
    this.sent.set({ quantityMilliWh: quantity.value, totalWei: totalWei(quantity.value, order.unitPrice) });
    const handle = this.transactor.run({
      label: `${offer ? 'Buy' : 'Sell'} ${formatEnergy(quantity.value)} ${offer ? 'from offer' : 'into request'} #${order.id}`,
      action: offer ? 'buy' : 'fill',
      args: [order.id, quantity.value],
      value: offer ? totalWei(quantity.value, order.unitPrice) : undefined,
      errorContext: { orderNoun: offer ? 'offer' : 'request' },
      // The index showed the order; the chain decides whether it can still be taken.
      check: () => this.onChain.confirm(order, quantity.value),
    });
    this.handle.set(handle);
    this.started.emit(handle);
  }

  protected close(): void {
    this.closed.emit();
  }
}
