import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink } from '@angular/router';

import { absoluteUrl } from '../chain/read-provider';
import { networkName } from '../community/community-contract';
import { RUNTIME_CONFIG } from '../config/config.service';
import { DevAccountPicker } from './dev-account-picker';
import { InAppWallet } from './in-app/in-app-wallet';

/** No wallet in this browser: the market stays readable; here are the ways to trade. */
@Component({
  selector: 'app-no-wallet-guide',
  imports: [DevAccountPicker, RouterLink],
  template: `
    <section class="card guide" aria-labelledby="no-wallet-heading">
      <h2 id="no-wallet-heading">No wallet yet: the market is read-only</h2>
      <p>To buy and sell energy you need a wallet. Either way works:</p>
      <h3>A wallet in this app (nothing to install)</h3>
      @if (inAppWallet.available) {
        <p>
          Make one on this phone or laptop in a minute, protected by a PIN, with a recovery phrase to write down.
          <a routerLink="/wallet">Create a wallet in this app</a>.
        </p>
      } @else {
        <p>
          Offered on the community's secure (HTTPS) address only:
          @if (httpsWalletUrl) {
            <a [href]="httpsWalletUrl">open it here</a>.
          } @else {
            ask the operator for it.
          }
        </p>
      }
      <h3>A wallet app such as MetaMask</h3>
      <ol>
        <li>Where there is internet: install MetaMask (browser extension, or the MetaMask app on a phone, then open this page in its browser).</li>
        <li>
          Add the community network: name <strong>{{ networkName }}</strong>, RPC URL <code>{{ rpcUrl }}</code>,
          chain ID <strong>{{ config.chainId }}</strong>, currency <strong>{{ config.nativeCurrency.symbol }}</strong>.
          (Once connected, this page can also add it for you in one click.)
        </li>
        <li>Import or create your account, reload this page, and press <strong>Connect wallet</strong>.</li>
      </ol>
      @if (config.devChain) {
        <app-dev-account-picker />
      }
    </section>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NoWalletGuide {
  protected readonly config = inject(RUNTIME_CONFIG);
  protected readonly inAppWallet = inject(InAppWallet);
  protected readonly rpcUrl = absoluteUrl(this.config.rpcUrl);
  protected readonly networkName = networkName(this.config);
  protected readonly httpsWalletUrl = this.config.httpsUrl ? new URL('/wallet', this.config.httpsUrl).toString() : null;
}
