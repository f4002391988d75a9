import type { Routes } from '@angular/router';

import { startReadingMarket } from './market/start-reading-market';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'market' },
  {
    path: 'market',
    title: 'Market · Peer-to-Peer Energy Trading',
    canActivate: [startReadingMarket],
    loadComponent: () => import('./market/market-page').then((m) => m.MarketPage),
  },
  {
    path: 'account',
    title: 'My Account · Peer-to-Peer Energy Trading',
    canActivate: [startReadingMarket],
    loadComponent: () => import('./account/account-page').then((m) => m.AccountPage),
  },
  {
    path: 'wallet',
    title: 'Wallet in this app · Peer-to-Peer Energy Trading',
    loadComponent: () => import('./wallet/in-app/wallet-setup-page').then((m) => m.WalletSetupPage),
  },
  {
    path: 'treasury',
    title: 'Treasury · Peer-to-Peer Energy Trading',
    loadComponent: () => import('./community/treasury-page').then((m) => m.TreasuryPage),
  },
  {
    path: 'explorer',
    title: 'Explorer · Peer-to-Peer Energy Trading',
    loadChildren: () => import('./explorer/explorer.routes').then((m) => m.EXPLORER_ROUTES),
  },
  {
    path: '**',
    title: 'Not found · Peer-to-Peer Energy Trading',
    loadComponent: () => import('./shared/not-found-page').then((m) => m.NotFoundPage),
  },
];
