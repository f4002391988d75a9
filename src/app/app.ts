import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { ChainHead } from './chain/chain-head';
import { RUNTIME_CONFIG } from './config/config.service';
import { currencySymbol } from './core/units';
import { ExplorerLink } from './shared/explorer-link';
import { WalletPanel } from './wallet/wallet-panel';

/** The page frame: title, navigation, the wallet, the chain's state, the routed screen. */
@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, WalletPanel, ExplorerLink],
  templateUrl: './app.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class App {
  protected readonly config = inject(RUNTIME_CONFIG);
  protected readonly head = inject(ChainHead);
  protected readonly currency = currencySymbol();
}
