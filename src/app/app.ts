import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { ChainHead } from './chain/chain-head';
import { isDemo, networkName } from './community/community-contract';
import { HouseholdDirectory } from './community/household-directory';
import { JoinCard } from './community/join-card';
import { RUNTIME_CONFIG } from './config/config.service';
import { currencySymbol } from './core/units';
import { ExplorerLink } from './shared/explorer-link';
import { InAppWallet } from './wallet/in-app/in-app-wallet';
import { WalletPromptDialog } from './wallet/in-app/wallet-prompt-dialog';
import { WalletPanel } from './wallet/wallet-panel';
import { WalletSession } from './wallet/wallet-session';

/** The page frame: title, navigation, the wallet, the chain's state, the routed screen. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, WalletPanel, ExplorerLink, JoinCard, WalletPromptDialog],
  templateUrl: './app.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly config = inject(RUNTIME_CONFIG);
  protected readonly head = inject(ChainHead);
  protected readonly inAppWallet = inject(InAppWallet);
  private readonly wallet = inject(WalletSession);
  private readonly directory = inject(HouseholdDirectory);
  protected readonly currency = currencySymbol();
  protected readonly demo = isDemo(this.config);
  protected readonly networkName = networkName(this.config);
  /** A connected wallet that the community's directory does not list: it may look, not trade, until added. */
  protected readonly joining = computed(() => {
    const account = this.wallet.account();
    if (!account || this.wallet.state() !== 'connected') return null;
    return this.directory.isHousehold(account) === false ? account : null;
  });
}
