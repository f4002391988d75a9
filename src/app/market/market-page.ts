import { ChangeDetectionStrategy, Component, inject } from '@angular/core';

import { NoWalletGuide } from '../wallet/no-wallet-guide';
import { WalletSession } from '../wallet/wallet-session';
import { CommunityEnergy } from './charts/community-energy';
import { MarketCharts } from './charts/market-charts';
import { MarketBook } from './market-book';
import { OrderForm } from './order-form';
import { OrderTable } from './order-table';

/** The market: Buy Energy and Sell Energy forms, then the book's offers and requests (mine marked), a page at a time, then, once the book is read, the charts: prices and volume, and the community's energy hour by hour. */
@Component({
  selector: 'app-market-page',
  imports: [OrderForm, OrderTable, NoWalletGuide, MarketCharts, CommunityEnergy],
  template: `
    <h1 class="visually-hidden">Energy market</h1>
    @if (wallet.state() === 'no-wallet') {
      <app-no-wallet-guide />
    }
    <div class="forms">
      <app-order-form side="buy" />
      <app-order-form side="sell" />
    </div>
    @if (market.currentAt(); as block) {
      <p class="hint live-note">Live: current at block {{ block }}; new orders appear as they are mined.</p>
    }
    <div class="tables">
      <app-order-table kind="offer" />
      <app-order-table kind="request" />
    </div>
    <!-- The charts come after the book: their code and data wait until both sides are read, so that they never slow what a person came for. -->
    @defer (when market.state() !== 'loading') {
      <app-market-charts />
      <app-community-energy />
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MarketPage {
  protected readonly wallet = inject(WalletSession);
  protected readonly market = inject(MarketBook);
}
