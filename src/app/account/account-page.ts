import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';

import { MyOrders } from '../market/my-orders';
import { CopyButton } from '../shared/copy-button';
import { MoneyPipe } from '../shared/money.pipe';
import { ExplorerLink } from '../shared/explorer-link';
import { MyTradesTable } from '../trades/my-trades-table';
import { type TxHandle, Transactor } from '../transactions/transactor';
import { TxStatusView } from '../transactions/tx-status-view';
import { AccountBalance } from '../wallet/account-balance';
import { NoWalletGuide } from '../wallet/no-wallet-guide';
import { WalletSession } from '../wallet/wallet-session';

/** My Account: address, balance, payments to withdraw, my orders and my trades. */
@Component({
  selector: 'app-account-page',
  imports: [CopyButton, MoneyPipe, ExplorerLink, MyOrders, MyTradesTable, NoWalletGuide, TxStatusView],
  template: `
    <h1>My Account</h1>
    @if (account(); as account) {
      <section class="card account-summary" aria-label="Account summary">
        <p>
          <span class="label">Address:</span>
          <app-explorer-link target="address" [value]="account" [whole]="true" />
          <app-copy-button [value]="account" what="address" />
        </p>
        <p>
          <span class="label">Balance:</span>
          <strong>
            @if (balance.balanceWei(); as wei) {
              {{ wei | money: 6 }}
            } @else {
              …
            }
          </strong>
        </p>
        @if (hasCredits()) {
          <p class="credits">
            The marketplace holds <strong>{{ balance.creditsWei() | money }}</strong> for you (a payment it could not send
            directly).
            <button type="button" class="primary" (click)="withdrawCredits()" [disabled]="withdrawing()">Withdraw</button>
          </p>
        }
        <app-tx-status [handle]="handle()" />
      </section>
      <app-my-orders />
      <app-my-trades-table />
    } @else if (wallet.state() === 'no-wallet') {
      <app-no-wallet-guide />
    } @else {
      <p class="card hint">{{ hint() }}</p>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AccountPage {
  protected readonly wallet = inject(WalletSession);
  protected readonly balance = inject(AccountBalance);
  private readonly transactor = inject(Transactor);
  protected readonly account = this.wallet.account;
  protected readonly handle = signal<TxHandle | null>(null);
  protected readonly hasCredits = computed(() => this.balance.creditsWei() > 0n);
  protected readonly withdrawing = computed(() => {
    const state = this.handle()?.status().state;
    return state === 'awaiting-wallet' || state === 'pending';
  });
  protected readonly hint = computed(() =>
    this.wallet.state() === 'connecting'
      ? 'Confirm the connection in your wallet.'
      : 'Connect your wallet (top of the page) to see your account, orders and trades.',
  );

  protected withdrawCredits(): void {
    this.handle.set(this.transactor.run({ label: 'Withdraw credited payments', action: 'withdraw', args: [] }));
  }
}
