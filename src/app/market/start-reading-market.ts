import { inject } from '@angular/core';
import type { CanActivateFn } from '@angular/router';

import { MarketBook } from './market-book';

/**
 * Starts reading the market (the live subscription, then a page of each side
 * of the book from the read API) as soon as the router heads for a page that
 * shows it, so the server works on the answer while the page's code
 * downloads and renders instead of after. Never blocks navigation.
 */
export const startReadingMarket: CanActivateFn = () => {
  inject(MarketBook);
  return true;
};
