import type { Routes } from '@angular/router';

/**
 * The block explorer, mounted by the app at `/explorer` with
 * `{ path: 'explorer', loadChildren: () => import('./explorer/explorer.routes').then((m) => m.EXPLORER_ROUTES) }`.
 * Every page is its own lazy chunk; link to them with `explorer-links.ts`.
 */
export const EXPLORER_ROUTES: Routes = [
  {
    path: '',
    loadComponent: () => import('./explorer-shell.component').then((m) => m.ExplorerShellComponent),
    children: [
      { path: '', loadComponent: () => import('./latest-blocks.component').then((m) => m.LatestBlocksComponent) },
      { path: 'block/:id', loadComponent: () => import('./block-page.component').then((m) => m.BlockPageComponent) },
      { path: 'tx/:hash', loadComponent: () => import('./tx-page.component').then((m) => m.TxPageComponent) },
      { path: 'address/:address', loadComponent: () => import('./address-page.component').then((m) => m.AddressPageComponent) },
      { path: '**', loadComponent: () => import('./explorer-not-found.component').then((m) => m.ExplorerNotFoundComponent) },
    ],
  },
];
