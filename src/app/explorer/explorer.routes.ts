import type { ActivatedRouteSnapshot, Routes } from '@angular/router';

import { shortHex } from './explorer-links';

/** Page titles name what is shown, so browser tabs and history tell pages apart. */
const titled = (describe: (route: ActivatedRouteSnapshot) => string) => (route: ActivatedRouteSnapshot) =>
  `${describe(route)} · Explorer`;

const blockTitle = (route: ActivatedRouteSnapshot) => {
  const id = route.paramMap.get('id') ?? '';
  return /^\d+$/.test(id) ? `Block #${id}` : `Block ${shortHex(id, 10, 8)}`;
};

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
      {
        path: '',
        title: titled((route) => (route.queryParamMap.has('from') ? `Blocks to #${route.queryParamMap.get('from')}` : 'Latest blocks')),
        // The page follows `?from=` itself; rerun the title as it changes.
        runGuardsAndResolvers: 'paramsOrQueryParamsChange',
        loadComponent: () => import('./latest-blocks.component').then((m) => m.LatestBlocksComponent),
      },
      {
        path: 'block/:id',
        title: titled(blockTitle),
        loadComponent: () => import('./block-page.component').then((m) => m.BlockPageComponent),
      },
      {
        path: 'tx/:hash',
        title: titled((route) => `Transaction ${shortHex(route.paramMap.get('hash') ?? '', 10, 8)}`),
        loadComponent: () => import('./tx-page.component').then((m) => m.TxPageComponent),
      },
      {
        path: 'address/:address',
        title: titled((route) => `Address ${shortHex(route.paramMap.get('address') ?? '')}`),
        loadComponent: () => import('./address-page.component').then((m) => m.AddressPageComponent),
      },
      {
        path: 'trade/:id',
        title: titled((route) => `Trade #${route.paramMap.get('id') ?? ''}`),
        loadComponent: () => import('./trade-page.component').then((m) => m.TradePageComponent),
      },
      {
        path: 'order/:id',
        title: titled((route) => `Order #${route.paramMap.get('id') ?? ''}`),
        loadComponent: () => import('./order-page.component').then((m) => m.OrderPageComponent),
      },
      {
        path: '**',
        title: 'No such page · Explorer',
        loadComponent: () => import('./explorer-not-found.component').then((m) => m.ExplorerNotFoundComponent),
      },
    ],
  },
];
