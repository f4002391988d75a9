import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';

import { shortAddress } from '../core/units';
import { WalletSession } from './wallet-session';

/**
 * The local development chain's ten published accounts, for trying the app
 * without a wallet. Clearly labelled: their keys are public, never real money.
 */
@Component({
  selector: 'app-dev-account-picker',
  template: `
    @if (accounts().length > 0) {
      <div class="dev-accounts" role="group" aria-labelledby="dev-accounts-label">
        <p id="dev-accounts-label">
          <strong class="badge badge-warning">Development only</strong>
          Use one of this local chain's development accounts (public keys, no real money):
        </p>
        <label for="dev-account-select" class="visually-hidden">Development account</label>
        <select id="dev-account-select" (change)="chooseAccount($event)">
          @for (account of accounts(); track account.address; let i = $index) {
            <option [value]="i" [selected]="i === chosen()">Development account {{ i + 1 }}: {{ account.short }}</option>
          }
        </select>
        <button type="button" (click)="useDevAccount()">Use development account</button>
      </div>
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DevAccountPicker {
  private readonly wallet = inject(WalletSession);
  protected readonly accounts = computed(() =>
    this.wallet.devAccounts.map((account) => ({ address: account.address, short: shortAddress(account.address) })),
  );
  protected readonly chosen = signal(0);

  protected chooseAccount(event: Event): void {
    this.chosen.set(Number((event.target as HTMLSelectElement).value));
  }

  protected useDevAccount(): Promise<void> {
    return this.wallet.useDevAccount(this.chosen());
  }
}
