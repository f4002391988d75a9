import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';

import { RUNTIME_CONFIG } from '../config/config.service';
import { CopyButton } from '../shared/copy-button';
import { AddressQr } from './address-qr';

/**
 * A wallet that is not a household of the community yet: its address as text
 * and as a QR code, to show the operator, who adds it to the directory. The
 * card goes away by itself once the directory lists the account.
 */
@Component({
  selector: 'app-join-card',
  imports: [AddressQr, CopyButton],
  template: `
    <section class="card join-card" aria-labelledby="join-heading">
      <h2 id="join-heading">Join {{ communityName }}</h2>
      <p>
        This wallet is not a household of {{ communityName }} yet. Show this page to the operator: they add your wallet
        to the community's directory under your name. This page notices it by itself; you never share your PIN, key or
        recovery phrase.
      </p>
      <div class="join-body">
        <app-address-qr [value]="account()" [label]="'QR code of your wallet address ' + account()" />
        <div>
          <p class="label">Your wallet address</p>
          <p class="join-address mono">{{ account() }}</p>
          <app-copy-button [value]="account()" what="address" />
        </div>
      </div>
    </section>
  `,
  styles: `
    .join-body { display: flex; flex-wrap: wrap; gap: 1rem 1.5rem; align-items: center; }
    .join-address { font-size: 1.05rem; overflow-wrap: anywhere; max-width: 24rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JoinCard {
  readonly account = input.required<string>();
  protected readonly communityName = inject(RUNTIME_CONFIG).community.name;
}
