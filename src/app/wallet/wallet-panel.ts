import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';

import { networkName } from '../community/community-contract';
import { RUNTIME_CONFIG } from '../config/config.service';
import { CopyButton } from '../shared/copy-button';
import { MoneyPipe } from '../shared/money.pipe';
import { ExplorerLink } from '../shared/explorer-link';
import { AccountBalance } from './account-balance';
import { DevAccountPicker } from './dev-account-picker';
import { InAppWallet } from './in-app/in-app-wallet';
import { WalletSession } from './wallet-session';

/**
 * The header's account area, one view per wallet state: My Account (copyable)
 * and Balance when connected, the one-click network switch, the connect button.
 */
@Component({
  selector: 'app-wallet-panel',
  imports: [CopyButton, MoneyPipe, ExplorerLink, DevAccountPicker, RouterLink],
  templateUrl: './wallet-panel.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class WalletPanel {
  protected readonly wallet = inject(WalletSession);
  protected readonly balance = inject(AccountBalance);
  protected readonly config = inject(RUNTIME_CONFIG);
  protected readonly networkName = networkName(this.config);
  protected readonly canUseDevAccounts = this.wallet.devAccounts.length > 0;
  private readonly inAppWallet = inject(InAppWallet);
  protected readonly hasInAppWallet = computed(() => this.inAppWallet.address() !== null);
  protected readonly walletNames = computed(() => this.wallet.wallets().map((wallet) => wallet.info.name));

  protected connectWallet(index = 0): Promise<void> {
    return this.wallet.connect(this.wallet.wallets()[index]);
  }

  protected cancelConnect(): void {
    this.wallet.cancelConnect();
  }

  protected switchNetwork(): Promise<void> {
    return this.wallet.switchNetwork();
  }

  protected disconnectWallet(): void {
    this.wallet.disconnect();
  }
}
