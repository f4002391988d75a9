import { Injectable, inject, signal } from '@angular/core';

import { readAccountAtEachBlock } from '../chain/account-at-each-block';
import { MARKETPLACE } from '../chain/marketplace-contract';
import { READ_PROVIDER } from '../chain/read-provider';

/**
 * The connected account's balance in wei, and the payments the marketplace holds
 * for it (credits, withdrawn with `withdraw()`). Re-read at every new block, and
 * so after every transaction (the Transactor polls the head when one ends).
 */
@Injectable({ providedIn: 'root' })
export class AccountBalance {
  private readonly provider = inject(READ_PROVIDER);
  private readonly marketplace = inject(MARKETPLACE);

  /** Wei; null while unknown (no account, or not read yet). */
  readonly balanceWei = signal<bigint | null>(null);
  /** Wei the marketplace holds for the account because pushing a payment failed. */
  readonly creditsWei = signal<bigint>(0n);

  constructor() {
    readAccountAtEachBlock({
      read: (account, block) => Promise.all([this.provider.getBalance(account, block), this.marketplace.credits(account, { blockTag: block })]),
      reset: () => {
        this.balanceWei.set(null);
        this.creditsWei.set(0n);
      },
      show: ([balance, credits]) => {
        this.balanceWei.set(balance);
        this.creditsWei.set(credits);
      },
      // The head poller shows that the chain cannot be reached; the last figures stay.
    });
  }
}
