import { Injectable, inject, signal } from '@angular/core';

import { MARKETPLACE } from '../chain/marketplace-contract';

/**
 * The contract's largest quantity and price, read once, so the forms can say
 * "at most ..." before anything is sent. Until read, the forms leave the check
 * to the contract (whose error is explained all the same).
 */
@Injectable({ providedIn: 'root' })
export class MarketLimits {
  private readonly marketplace = inject(MARKETPLACE);
  readonly maxQuantityMilliWh = signal<bigint | null>(null);
  readonly maxUnitPrice = signal<bigint | null>(null);

  constructor() {
    void this.read();
  }

  private async read(): Promise<void> {
    try {
      const [quantity, price] = await Promise.all([this.marketplace.MAX_QUANTITY_MILLIWH(), this.marketplace.MAX_UNIT_PRICE()]);
      this.maxQuantityMilliWh.set(quantity);
      this.maxUnitPrice.set(price);
    } catch {
      // Unreachable now: the contract checks the limits anyway.
    }
  }
}
