import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { map } from 'rxjs';

import {
  exceedsBalanceText,
  priceProblemText,
  quantityProblemText,
  tooHighPriceText,
  tooMuchEnergyText,
} from '../core/input-problems';
import { readingNote } from '../core/decimal-input';
import {
  type EnergyUnit,
  currencySymbol,
  formatEnergy,
  formatEnergyIn,
  formatMoney,
  formatPricePerKWh,
  parseEnergy,
  parsePricePerKWh,
  totalWei,
} from '../core/units';
import { MARKETPLACE_INTERFACE } from '../chain/marketplace-contract';
import { RUNTIME_CONFIG } from '../config/config.service';
import { EnergyQuantityInput } from '../shared/energy-quantity-input';
import { TextField } from '../shared/text-field';
import { type TxHandle, Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import { AccountBalance } from '../wallet/account-balance';
import { WalletSession } from '../wallet/wallet-session';
import { type CrossingPlan, planCrossing } from './crossing';
import { crossingOutcomeText, readCrossingOutcome } from './crossing-outcome';
import { crossingPreview } from './crossing-preview';
import { MarketBook } from './market-book';
import { MarketLimits } from './market-limits';

/** `sell`: post a sell offer. `buy`: post a buy request and escrow its price. */
export type OrderSide = 'sell' | 'buy';

let nextFormId = 0;

/**
 * The paper's "Sell Energy" and "Buy Energy" forms: quantity (Wh or kWh) and
 * price (the currency per kWh), the total shown before the wallet is asked, problems
 * said in words under the field they concern.
 *
 * An order that crosses the book takes what it crosses first, best price
 * first and never the person's own orders; only the rest waits on the market.
 * The form says what will happen before the wallet opens, from the book as it
 * stands; the contract checks each order it is given again.
 */
@Component({
  selector: 'app-order-form',
  imports: [EnergyQuantityInput, ReactiveFormsModule, TextField, TxStatusView],
  templateUrl: './order-form.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderForm {
  private readonly transactor = inject(Transactor);
  private readonly wallet = inject(WalletSession);
  private readonly balance = inject(AccountBalance);
  private readonly limits = inject(MarketLimits);
  private readonly market = inject(MarketBook);
  private readonly iface = inject(MARKETPLACE_INTERFACE);
  private readonly marketplaceAddress = inject(RUNTIME_CONFIG).marketplace.address;

  readonly side = input.required<OrderSide>();

  protected readonly ids = ((n) => ({
    heading: `order-form-${n}-heading`,
    quantity: `order-form-${n}-quantity`,
    // As the text field names them under its input.
    quantityProblem: `order-form-${n}-quantity-problem`,
    quantityReading: `order-form-${n}-quantity-reading`,
    unit: `order-form-${n}-unit`,
    price: `order-form-${n}-price`,
    preview: `order-form-${n}-preview`,
    total: `order-form-${n}-total`,
  }))(nextFormId++);

  protected readonly form = inject(NonNullableFormBuilder).group({
    quantity: '',
    unit: 'kWh' as EnergyUnit,
    price: '',
  });
  private readonly value = toSignal(this.form.valueChanges.pipe(map(() => this.form.getRawValue())), {
    initialValue: this.form.getRawValue(),
  });
  /** Fields the person has left (or tried to submit): only then are problems shown. */
  private readonly touched = signal<ReadonlySet<'quantity' | 'price'>>(new Set());
  protected readonly handle = signal<TxHandle | null>(null);
  /** What the preview said the order sent last would take, to compare with what it did take. */
  private readonly submittedPlan = signal<CrossingPlan | null>(null);

  protected readonly title = computed(() => (this.side() === 'sell' ? 'Sell Energy' : 'Buy Energy'));
  protected readonly priceLabel = computed(() => (this.side() === 'sell' ? 'Selling price' : 'Buying price'));
  protected readonly priceUnit = `${currencySymbol()} per kWh`;
  protected readonly submitText = computed(() => (this.side() === 'sell' ? 'Sell' : 'Buy'));

  private readonly quantity = computed(() => parseEnergy(this.value().quantity, this.value().unit));
  private readonly price = computed(() => parsePricePerKWh(this.value().price));

  protected readonly quantityProblem = computed(() => {
    const quantity = this.quantity();
    if (!quantity.ok) return quantityProblemText(quantity, this.value().unit);
    const max = this.limits.maxQuantityMilliWh();
    if (max !== null && quantity.value > max) return tooMuchEnergyText(max);
    return null;
  });
  protected readonly priceProblem = computed(() => {
    const price = this.price();
    if (!price.ok) return priceProblemText(price);
    const max = this.limits.maxUnitPrice();
    if (max !== null && price.value > max) return tooHighPriceText(max);
    return null;
  });
  protected readonly totalWei = computed(() => {
    const quantity = this.quantity();
    const price = this.price();
    return quantity.ok && price.ok ? totalWei(quantity.value, price.value) : null;
  });
  /** A buy request escrows its total now: it must fit the balance. */
  protected readonly balanceProblem = computed(() => {
    const total = this.totalWei();
    const balance = this.balance.balanceWei();
    if (this.side() !== 'buy' || total === null || balance === null || total <= balance) return null;
    return exceedsBalanceText(total, balance);
  });
  /** What the order takes from the book before the rest waits, once quantity and price are valid. */
  private readonly plan = computed(() => {
    const quantity = this.quantity();
    const price = this.price();
    if (!quantity.ok || !price.ok || this.quantityProblem() || this.priceProblem() || this.market.state() !== 'ready') return null;
    const sell = this.side() === 'sell';
    return planCrossing(this.side(), quantity.value, price.value, sell ? this.market.bestRequests() : this.market.bestOffers(), this.wallet.account());
  });
  protected readonly preview = computed(() => {
    const plan = this.plan();
    const price = this.price();
    return plan && price.ok ? crossingPreview(plan, price.value) : null;
  });
  /**
   * What to take is known only from the book: while it is read, or when it could not be,
   * the form says so and sends nothing (an order sent blind could rest while it crosses).
   */
  protected readonly bookProblem = computed(() => {
    switch (this.market.state()) {
      case 'ready':
        return null;
      case 'loading':
        return 'Reading the market to show what your order would take…';
      default:
        return `The market could not be read, so what your order would take cannot be shown: ${this.market.error()?.message ?? 'the community chain did not answer.'}`;
    }
  });
  protected readonly bookFailed = computed(() => this.market.state() === 'failed');
  /** After a confirmed order: what it actually took and what waits, from its receipt. */
  protected readonly outcome = computed(() => {
    const status = this.handle()?.status();
    if (status?.state !== 'confirmed') return null;
    const outcome = readCrossingOutcome(this.side(), status.logs, this.iface, this.marketplaceAddress);
    return crossingOutcomeText(outcome, this.submittedPlan());
  });
  /** "Read as 1,000 Wh" when separators were read: the person sees how the number was taken. */
  protected readonly quantityReading = computed(() => readingNote(this.quantity(), (value) => formatEnergyIn(value, this.value().unit)));
  protected readonly priceReading = computed(() => readingNote(this.price(), formatPricePerKWh));
  protected readonly totalText = computed(() => {
    const total = this.totalWei();
    const quantity = this.quantity();
    const price = this.price();
    if (total === null || !quantity.ok || !price.ok) return null;
    return `${formatMoney(total)} for ${formatEnergy(quantity.value)} at ${formatPricePerKWh(price.value)}`;
  });

  protected readonly showQuantityProblem = computed(() => this.touched().has('quantity') && this.quantityProblem() !== null);
  protected readonly showPriceProblem = computed(() => this.touched().has('price') && this.priceProblem() !== null);
  protected readonly connected = computed(() => this.wallet.state() === 'connected');
  protected readonly busy = computed(() => {
    const state = this.handle()?.status().state;
    return state === 'awaiting-wallet' || state === 'pending';
  });
  protected readonly walletHint = computed(() => {
    switch (this.wallet.state()) {
      case 'connected':
        return null;
      case 'wrong-network':
        return 'Switch your wallet to the community network to post an order.';
      case 'connecting':
        return 'Confirm the connection in your wallet.';
      default:
        return `Connect a wallet to ${this.side() === 'sell' ? 'sell' : 'buy'} energy.`;
    }
  });

  protected readMarketAgain(): void {
    void this.market.load();
  }

  protected markTouched(field: 'quantity' | 'price'): void {
    if (this.touched().has(field)) return;
    this.touched.update((fields) => new Set([...fields, field]));
  }

  protected postOrder(): void {
    this.touched.set(new Set(['quantity', 'price']));
    const quantity = this.quantity();
    const price = this.price();
    if (!quantity.ok || !price.ok || this.quantityProblem() || this.priceProblem() || this.balanceProblem()) return;
    if (!this.connected() || this.busy() || this.bookProblem()) return;
    const sell = this.side() === 'sell';
    const plan = this.plan();
    const crossing = plan !== null && plan.takes.length > 0;
    const handle = this.transactor.run({
      label: `${sell ? 'Sell' : 'Buy'} ${formatEnergy(quantity.value)} at ${formatPricePerKWh(price.value)}${crossing ? ` (${formatEnergy(plan.takenMilliWh)} now)` : ''}`,
      // Takes the orders it crosses (the contract checks each again), then rests the rest.
      action: sell ? 'placeOffer' : 'placeRequest',
      args: [quantity.value, price.value, plan?.candidateIds ?? []],
      value: sell ? undefined : totalWei(quantity.value, price.value),
      errorContext: { orderNoun: sell ? 'offer' : 'request' },
    });
    this.submittedPlan.set(plan);
    this.handle.set(handle);
    void handle.done.then((status) => {
      if (status.state === 'confirmed') {
        this.form.patchValue({ quantity: '', price: '' });
        this.touched.set(new Set());
      }
    });
  }
}

