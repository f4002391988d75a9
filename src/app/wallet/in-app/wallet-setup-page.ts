import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';

import { AccountName } from '../../community/account-name';
import { RUNTIME_CONFIG } from '../../config/config.service';
import { WalletSession } from '../wallet-session';
import { InAppWallet } from './in-app-wallet';
import { newPinProblem } from './pin-rules';

/** Where the page is in making, restoring or looking after the in-app wallet. */
type Step = 'choose' | 'create' | 'write-down' | 'restore' | 'manage';

/**
 * The wallet in this app: create one (a PIN, then the recovery phrase to write
 * down), restore one from its phrase, show the phrase again, remove it. Offered
 * over HTTPS only: on plain HTTP the page says why and links to the HTTPS address.
 */
@Component({
  selector: 'app-wallet-setup-page',
  imports: [AccountName],
  template: `
    <h1>Wallet in this app</h1>
    @if (!wallet.available) {
      <section class="card guide" aria-labelledby="https-heading">
        <h2 id="https-heading">Open the secure address first</h2>
        <p>
          This page came over plain HTTP. On a shared Wi-Fi anyone can change such a page on its way to you, and a page
          that holds your wallet's key must not be changeable, so the wallet in this app is offered only over HTTPS.
        </p>
        @if (httpsAddress; as https) {
          <p><a class="button-link primary" [href]="https">Open {{ https }}</a></p>
          <p class="hint">
            The first time, your phone may warn that it does not know the community's certificate. Install it once
            @if (caCertificate; as ca) {
              (<a [href]="ca">the community's certificate</a>@if (config.caFingerprint) {, whose SHA-256 fingerprint must
                read <code class="fingerprint">{{ config.caFingerprint }}</code>, as the operator's screen shows it})
            }
            or ask the operator to help.
          </p>
        } @else {
          <p>Ask the operator for the community's HTTPS address.</p>
        }
      </section>
    } @else {
      @switch (step()) {
        @case ('choose') {
          <section class="card" aria-labelledby="new-heading">
            <h2 id="new-heading">No app to install</h2>
            <p>
              Make a wallet right here: its key is created in this browser, kept encrypted under a PIN you choose, and
              never leaves your phone. You get a recovery phrase of 12 words to write down: with it, and only with it,
              you can bring the wallet back on a new phone (or in MetaMask).
            </p>
            <p class="actions">
              <button type="button" class="primary" (click)="step.set('create')">Create a wallet</button>
              <button type="button" (click)="step.set('restore')">Restore from a recovery phrase</button>
            </p>
          </section>
        }
        @case ('create') {
          <form class="card" aria-labelledby="create-heading" (submit)="createWallet($event)">
            <h2 id="create-heading">Create a wallet</h2>
            <p>Choose a PIN of at least 6 digits. You type it to open the wallet and to confirm nothing else: keep it to yourself.</p>
            <div class="field">
              <label for="new-pin">PIN</label>
              <input id="new-pin" type="password" inputmode="numeric" autocomplete="new-password" (input)="pin.set(value($event))" />
            </div>
            <div class="field">
              <label for="new-pin-again">PIN again</label>
              <input id="new-pin-again" type="password" inputmode="numeric" autocomplete="new-password" (input)="pinAgain.set(value($event))" />
            </div>
            @if (problem(); as problem) {
              <p class="field-problem" role="alert">{{ problem }}</p>
            }
            <p class="actions">
              <button type="button" (click)="back()" [disabled]="busy()">Back</button>
              <button type="submit" class="primary" [disabled]="busy()">
                @if (busy()) {<span class="spinner" aria-hidden="true"></span> Creating…} @else {Create wallet}
              </button>
            </p>
          </form>
        }
        @case ('write-down') {
          <section class="card" aria-labelledby="phrase-heading">
            <h2 id="phrase-heading">Write down your recovery phrase</h2>
            <p>
              These 12 words are your wallet. Write them on paper, in order, and keep the paper safe. Anyone who has them
              can spend your money; without them a lost or reset phone loses the wallet. Nobody, not the operator, can
              bring it back.
            </p>
            <ol class="phrase" aria-label="Recovery phrase">
              @for (word of phraseWords(); track $index) {
                <li>{{ word }}</li>
              }
            </ol>
            <label class="check">
              <input type="checkbox" (change)="wroteDown.set($any($event.target).checked)" />
              I have written the 12 words down
            </label>
            <p class="actions">
              <button type="button" class="primary" [disabled]="!wroteDown()" (click)="finish()">Done</button>
            </p>
          </section>
        }
        @case ('restore') {
          <form class="card" aria-labelledby="restore-heading" (submit)="restoreWallet($event)">
            <h2 id="restore-heading">Restore a wallet</h2>
            <div class="field">
              <label for="restore-phrase">Recovery phrase (12 or 24 words)</label>
              <textarea id="restore-phrase" rows="3" autocomplete="off" autocapitalize="none" spellcheck="false" (input)="phrase.set(value($event))"></textarea>
            </div>
            <div class="field">
              <label for="restore-pin">New PIN</label>
              <input id="restore-pin" type="password" inputmode="numeric" autocomplete="new-password" (input)="pin.set(value($event))" />
            </div>
            <div class="field">
              <label for="restore-pin-again">New PIN again</label>
              <input id="restore-pin-again" type="password" inputmode="numeric" autocomplete="new-password" (input)="pinAgain.set(value($event))" />
            </div>
            @if (problem(); as problem) {
              <p class="field-problem" role="alert">{{ problem }}</p>
            }
            <p class="actions">
              <button type="button" (click)="back()" [disabled]="busy()">Back</button>
              <button type="submit" class="primary" [disabled]="busy()">
                @if (busy()) {<span class="spinner" aria-hidden="true"></span> Restoring…} @else {Restore wallet}
              </button>
            </p>
          </form>
        }
        @case ('manage') {
          <section class="card" aria-labelledby="manage-heading">
            <h2 id="manage-heading">Your wallet</h2>
            <p><span class="label">Account: </span><app-account-name [address]="wallet.address()!" /></p>
            <p class="mono">{{ wallet.address() }}</p>
            <p class="hint">{{ wallet.unlocked() ? 'Open in this page.' : 'Locked: it asks for your PIN when you connect.' }}</p>
            <p class="actions">
              @if (session.account() !== wallet.address()) {
                <button type="button" class="primary" (click)="connect()">Connect this wallet</button>
              }
              @if (wallet.unlocked()) {
                <button type="button" (click)="lock()">Lock</button>
              }
            </p>
          </section>
          <form class="card" aria-labelledby="reveal-heading" (submit)="revealPhrase($event)">
            <h2 id="reveal-heading">Show the recovery phrase</h2>
            @if (revealed(); as words) {
              <ol class="phrase" aria-label="Recovery phrase">
                @for (word of words; track $index) {
                  <li>{{ word }}</li>
                }
              </ol>
              <button type="button" (click)="revealed.set(null)">Hide</button>
            } @else {
              <div class="field">
                <label for="reveal-pin">PIN</label>
                <input id="reveal-pin" type="password" inputmode="numeric" autocomplete="current-password" (input)="pin.set(value($event))" />
              </div>
              @if (problem(); as problem) {
                <p class="field-problem" role="alert">{{ problem }}</p>
              }
              <button type="submit" [disabled]="busy()">Show phrase</button>
            }
          </form>
          <section class="card" aria-labelledby="forget-heading">
            <h2 id="forget-heading">Remove from this browser</h2>
            <p>Only the recovery phrase can bring the wallet back afterwards, with the money in it.</p>
            <label class="check">
              <input type="checkbox" (change)="forgetConfirmed.set($any($event.target).checked)" />
              I have my recovery phrase written down
            </label>
            <p class="actions"><button type="button" class="danger" [disabled]="!forgetConfirmed()" (click)="forget()">Remove wallet</button></p>
          </section>
        }
      }
    }
  `,
  styles: `
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.75rem; }
    .phrase { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.4rem 1.5rem; padding-left: 2rem;
      font-family: ui-monospace, monospace; font-size: 1.05rem; }
    .check { display: flex; gap: 0.5rem; align-items: center; }
    .button-link { display: inline-block; padding: 0.5rem 1rem; border-radius: 8px; background: var(--accent); color: var(--accent-text);
      text-decoration: none; overflow-wrap: anywhere; }
    textarea { width: 100%; font: inherit; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WalletSetupPage {
  protected readonly wallet = inject(InAppWallet);
  protected readonly session = inject(WalletSession);
  private readonly router = inject(Router);
  protected readonly config = inject(RUNTIME_CONFIG);

  protected readonly step = signal<Step>(this.wallet.address() ? 'manage' : 'choose');
  protected readonly pin = signal('');
  protected readonly pinAgain = signal('');
  protected readonly phrase = signal('');
  protected readonly problem = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly wroteDown = signal(false);
  protected readonly forgetConfirmed = signal(false);
  protected readonly newPhrase = signal('');
  protected readonly phraseWords = computed(() => this.newPhrase().split(' '));
  protected readonly revealed = signal<readonly string[] | null>(null);
  /** The community's certificate authority, to install once on a phone. */
  protected readonly caCertificate = this.config.caCertificateUrl ?? null;
  /** The same page at the community's HTTPS address. */
  protected readonly httpsAddress = this.config.httpsUrl ? new URL('/wallet', this.config.httpsUrl).toString() : null;

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected back(): void {
    this.problem.set(null);
    this.step.set('choose');
  }

  protected async createWallet(event: Event): Promise<void> {
    event.preventDefault();
    const problem = newPinProblem(this.pin(), this.pinAgain());
    if (problem) return this.problem.set(problem);
    await this.work(async () => {
      this.newPhrase.set(await this.wallet.create(this.pin()));
      this.step.set('write-down');
    });
  }

  protected async restoreWallet(event: Event): Promise<void> {
    event.preventDefault();
    const { isValidPhrase } = await import('./keystore');
    if (!isValidPhrase(this.phrase())) {
      return this.problem.set('That is not a recovery phrase: check each word and their order (12 or 24 words).');
    }
    const problem = newPinProblem(this.pin(), this.pinAgain());
    if (problem) return this.problem.set(problem);
    await this.work(async () => {
      await this.wallet.restore(this.phrase(), this.pin());
      await this.connect();
      this.step.set('manage');
    });
  }

  protected async finish(): Promise<void> {
    this.newPhrase.set('');
    await this.connect();
    await this.router.navigateByUrl('/account');
  }

  protected async revealPhrase(event: Event): Promise<void> {
    event.preventDefault();
    await this.work(async () => this.revealed.set((await this.wallet.revealPhrase(this.pin())).split(' ')));
  }

  /** Connects the wallet session to this wallet (it answers at once once open). */
  protected async connect(): Promise<void> {
    const found = this.session.wallets().find((candidate) => candidate.provider === this.wallet.provider);
    await this.session.connect(found ?? this.wallet.discovered);
  }

  protected lock(): void {
    this.wallet.lock();
  }

  protected forget(): void {
    this.session.removeWallet(this.wallet.provider);
    this.wallet.forget();
    this.forgetConfirmed.set(false);
    this.revealed.set(null);
    this.step.set('choose');
  }

  private async work(task: () => Promise<void>): Promise<void> {
    this.problem.set(null);
    this.busy.set(true);
    try {
      await task();
    } catch (error) {
      const wrongPin = (error as Error)?.name === 'WrongPinError';
      this.problem.set(wrongPin ? 'That PIN does not open this wallet.' : `The wallet could not be saved: ${(error as Error)?.message ?? error}`);
    } finally {
      this.busy.set(false);
    }
  }
}
