import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';

import { READ_PROVIDER } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import { separatorProblemText } from '../core/input-problems';
import { COIN_DECIMALS, currencySymbol, formatDecimal, formatMoney, parseDecimal } from '../core/units';
import { type TxHandle, Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import { AccountBalance } from '../wallet/account-balance';
import { WalletSession } from '../wallet/wallet-session';
import { COMMUNITY_INTERFACE } from './community-contract';
import { cashOutProblem, feeReserveWei, maxCashOutWei } from './cash-out-limit';

/** About what a cash-out with a short note costs in gas, when it cannot be estimated. */
const CASH_OUT_GAS = 60_000n;

/**
 * A household's "Cash out": coins go back to the treasury, which pays the
 * household in cash or mobile money. A cash-out that the balance cannot pay
 * with its fee is explained here, before the wallet opens.
 */
@Component({
  selector: 'app-cash-out-form',
  imports: [TxStatusView],
  template: `
    <form class="card cash-out" aria-labelledby="cash-out-heading" (submit)="cashOut($event)" novalidate>
      <h2 id="cash-out-heading">Cash out</h2>
      <p class="hint">
        Send coins back to the treasury; the operator pays you the same amount in cash or mobile money. Say how in the note.
      </p>
      <div class="field">
        <label for="cash-out-amount">Amount <span class="unit-hint">({{ currency }})</span></label>
        <div class="input-with-unit">
          <input
            id="cash-out-amount"
            type="text"
            inputmode="decimal"
            autocomplete="off"
            [value]="amountText()"
            (input)="amountText.set($any($event.target).value)"
            (blur)="touched.set(true)"
            [attr.aria-invalid]="shownProblem() ? true : null"
            [attr.aria-describedby]="shownProblem() ? 'cash-out-problem' : 'cash-out-most'"
          />
          @if (mostWei(); as most) {
            <button type="button" (click)="useMost()">All</button>
          }
        </div>
        @if (shownProblem(); as problem) {
          <p class="field-problem" id="cash-out-problem" role="alert">{{ problem }}</p>
        } @else if (mostWei() !== null) {
          <p class="hint" id="cash-out-most">You can cash out up to {{ mostText() }}.</p>
        }
      </div>
      <div class="field">
        <label for="cash-out-note">Note <span class="unit-hint">(optional, e.g. your mobile money number)</span></label>
        <input id="cash-out-note" type="text" autocomplete="off" maxlength="140" [value]="note()" (input)="note.set($any($event.target).value)" />
      </div>
      <button type="submit" class="primary" [disabled]="busy() || wallet.state() !== 'connected'">Cash out</button>
      <app-tx-status [handle]="handle()" />
    </form>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CashOutForm {
  protected readonly wallet = inject(WalletSession);
  private readonly balance = inject(AccountBalance);
  private readonly transactor = inject(Transactor);
  private readonly provider = inject(READ_PROVIDER);
  private readonly iface = inject(COMMUNITY_INTERFACE);
  private readonly config = inject(RUNTIME_CONFIG);

  protected readonly currency = currencySymbol();
  protected readonly amountText = signal('');
  protected readonly note = signal('');
  protected readonly touched = signal(false);
  protected readonly handle = signal<TxHandle | null>(null);
  /** Wei to keep back for the fee; null until estimated for this account. */
  private readonly reserveWei = signal<bigint | null>(null);

  private readonly amount = computed(() => parseDecimal(this.amountText(), COIN_DECIMALS));
  protected readonly mostWei = computed(() => {
    const balance = this.balance.balanceWei();
    const reserve = this.reserveWei();
    return balance === null || reserve === null ? null : maxCashOutWei(balance, reserve);
  });
  protected readonly mostText = computed(() => formatMoney(this.mostWei() ?? 0n, 6));
  protected readonly problem = computed(() => {
    const amount = this.amount();
    if (!amount.ok) {
      if (amount.problem === 'too-precise') return `Amounts take at most ${COIN_DECIMALS} decimals.`;
      return separatorProblemText(amount) ?? `Enter the amount in ${this.currency}, such as 12.50.`;
    }
    const balance = this.balance.balanceWei();
    const reserve = this.reserveWei();
    if (balance === null || reserve === null) return null;
    return cashOutProblem(amount.value, balance, reserve);
  });
  protected readonly shownProblem = computed(() => (this.touched() ? this.problem() : null));
  protected readonly busy = computed(() => {
    const state = this.handle()?.status().state;
    return state === 'awaiting-wallet' || state === 'pending';
  });

  constructor() {
    effect(() => {
      const account = this.wallet.account();
      untracked(() => void this.estimateReserve(account));
    });
  }

  protected useMost(): void {
    const most = this.mostWei();
    if (most === null) return;
    // Cut, not rounded, to 6 decimals: never more than the most.
    this.amountText.set(formatDecimal(most, COIN_DECIMALS, 6).replace(/,/g, ''));
    this.touched.set(true);
  }

  protected async cashOut(event: Event): Promise<void> {
    event.preventDefault();
    this.touched.set(true);
    const amount = this.amount();
    if (this.reserveWei() === null) await this.estimateReserve(this.wallet.account());
    if (!amount.ok || this.problem()) return;
    const note = this.note().trim();
    const handle = this.transactor.run({
      label: `Cash out ${formatMoney(amount.value)}`,
      action: 'cashOut',
      contract: 'community',
      args: [note],
      value: amount.value,
    });
    this.handle.set(handle);
    const final = await handle.done;
    if (final.state === 'confirmed') {
      this.amountText.set('');
      this.note.set('');
      this.touched.set(false);
    }
  }

  /** The fee a cash-out may cost this account: its gas estimate at the chain's current fee. */
  private async estimateReserve(account: string | null): Promise<void> {
    this.reserveWei.set(null);
    if (!account) return;
    try {
      const [gas, fees] = await Promise.all([
        this.provider
          .estimateGas({
            from: account,
            to: this.config.community.contract.address,
            data: this.iface.encodeFunctionData('cashOut', ['a note of typical length, about 40 chars']),
            value: 1n,
          })
          // An empty wallet cannot even be estimated: reckon with a cash-out's usual gas.
          .catch(() => CASH_OUT_GAS),
        this.provider.getFeeData(),
      ]);
      if (account !== this.wallet.account()) return;
      this.reserveWei.set(feeReserveWei(gas, fees.maxFeePerGas ?? fees.gasPrice ?? 0n));
    } catch {
      // The chain cannot be reached: the header says so, and the transactor checks again before the wallet.
    }
  }
}
