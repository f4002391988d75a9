import { ChangeDetectionStrategy, Component, ElementRef, effect, inject, signal, viewChild } from '@angular/core';

import { MoneyPipe } from '../../shared/money.pipe';
import { AccountName } from '../../community/account-name';
import { InAppWallet } from './in-app-wallet';

/**
 * The in-app wallet's own dialog, as MetaMask's pop-up is for MetaMask: the
 * PIN to open the wallet, and every transaction to confirm or reject with
 * what it does, what it pays and the most its fee can be. A modal <dialog>:
 * focus stays inside, Escape rejects.
 */
@Component({
  selector: 'app-wallet-prompt-dialog',
  imports: [MoneyPipe, AccountName],
  template: `
    <dialog #dialog class="wallet-dialog" aria-labelledby="wallet-dialog-title" (cancel)="reject($event)">
      @if (wallet.prompt(); as prompt) {
        @switch (prompt.kind) {
          @case ('unlock') {
            <form (submit)="submitPin($event)">
              <h2 id="wallet-dialog-title">Open your wallet</h2>
              <p>Type the PIN of the wallet in this app (<app-account-name [address]="prompt.address" />).</p>
              <div class="field">
                <label for="wallet-pin">PIN</label>
                <input
                  id="wallet-pin"
                  type="password"
                  inputmode="numeric"
                  autocomplete="current-password"
                  [value]="pin()"
                  (input)="pin.set($any($event.target).value)"
                  [attr.aria-invalid]="prompt.problem ? true : null"
                  [attr.aria-describedby]="prompt.problem ? 'wallet-pin-problem' : null"
                  [disabled]="prompt.checking"
                />
                @if (prompt.problem) {
                  <p id="wallet-pin-problem" class="field-problem" role="alert">{{ prompt.problem }}</p>
                }
              </div>
              <div class="dialog-actions">
                <button type="button" (click)="reject()">Cancel</button>
                <button type="submit" class="primary" [disabled]="prompt.checking || pin().length === 0">
                  @if (prompt.checking) {
                    <span class="spinner" aria-hidden="true"></span> Opening…
                  } @else {
                    Open wallet
                  }
                </button>
              </div>
            </form>
          }
          @case ('confirm') {
            <h2 id="wallet-dialog-title">Confirm the transaction</h2>
            <p class="confirm-summary">{{ prompt.summary }}</p>
            <dl class="confirm-figures">
              <dt>From</dt>
              <dd><app-account-name [address]="prompt.from" /></dd>
              <dt>To</dt>
              <dd>
                @if (prompt.toLabel; as label) {
                  <span [title]="prompt.to">{{ label }}</span>
                } @else {
                  <app-account-name [address]="prompt.to" />
                }
              </dd>
              <dt>Amount</dt>
              <dd>{{ prompt.valueWei | money }}</dd>
              <dt>Network fee, at most</dt>
              <dd>{{ prompt.maxFeeWei | money: 6 }}</dd>
            </dl>
            <div class="dialog-actions">
              <button type="button" (click)="reject()" [disabled]="prompt.sending">Reject</button>
              <button type="button" class="primary" (click)="confirm()" [disabled]="prompt.sending">
                @if (prompt.sending) {
                  <span class="spinner" aria-hidden="true"></span> Sending…
                } @else {
                  Confirm
                }
              </button>
            </div>
          }
          @case ('sign') {
            <h2 id="wallet-dialog-title">Sign your automatic trading settings</h2>
            <p class="confirm-summary">{{ prompt.summary }}</p>
            <p>Signing moves no money. The agent trades for <app-account-name [address]="prompt.from" /> only within these settings and the limits set on chain.</p>
            <div class="dialog-actions">
              <button type="button" (click)="reject()" [disabled]="prompt.sending">Reject</button>
              <button type="button" class="primary" (click)="confirm()" [disabled]="prompt.sending">
                @if (prompt.sending) {
                  <span class="spinner" aria-hidden="true"></span> Signing…
                } @else {
                  Sign
                }
              </button>
            </div>
          }
        }
      }
    </dialog>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WalletPromptDialog {
  protected readonly wallet = inject(InAppWallet);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  protected readonly pin = signal('');

  constructor() {
    effect(() => {
      const dialog = this.dialog().nativeElement;
      const open = this.wallet.prompt() !== null;
      if (open && !dialog.open) dialog.showModal();
      if (!open && dialog.open) dialog.close();
      if (!open) this.pin.set('');
    });
  }

  protected submitPin(event: Event): void {
    event.preventDefault();
    void this.wallet.submitPin(this.pin());
  }

  protected confirm(): void {
    this.wallet.confirm();
  }

  protected reject(event?: Event): void {
    // Escape closes a <dialog> by itself: keep it to the wallet's state instead.
    event?.preventDefault();
    const prompt = this.wallet.prompt();
    if ((prompt?.kind === 'confirm' || prompt?.kind === 'sign') && prompt.sending) return;
    this.wallet.reject();
  }
}
