import { inject } from '@angular/core';
import type { CanActivateFn } from '@angular/router';

import { MarketBook } from './market-book';

/**
 * Starts reading the market (one large `eth_getLogs`) as soon as the router
 * heads for a page that shows it, so the chain works on the answer while the
 * page's code downloads and renders instead of after. Never blocks navigation.
 */
export const startReadingMarket: CanActivateFn = () => {
  inject(MarketBook);
  return true;
};
