import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { absoluteUrl } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import { DevAccountPicker } from './dev-account-picker';

/** No wallet in this browser: the market stays readable; here is how to trade. */
@Component({
  selector: 'app-no-wallet-guide',
  imports: [DevAccountPicker],
  template: `
    <section class="card guide" aria-labelledby="no-wallet-heading">
      <h2 id="no-wallet-heading">No wallet found: the market is read-only</h2>
      <p>To buy and sell energy you need a wallet such as MetaMask:</p>
      <ol>
        <li>Install MetaMask from <strong>metamask.io</strong> (browser extension, or the MetaMask app on a phone, then open this page in its browser).</li>
        <li>
          Add the community network: name <strong>{{ config.chainName }}</strong>, RPC URL <code>{{ rpcUrl }}</code>,
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
  protected readonly rpcUrl = absoluteUrl(this.config.rpcUrl);
}
