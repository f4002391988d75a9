import { Injectable, effect, inject, signal, untracked } from '@angular/core';

import { ChainHead } from '../chain/chain-head';
import { MARKETPLACE } from '../chain/marketplace-contract';
import { READ_PROVIDER } from '../chain/read-provider';
import { WalletSession } from './wallet-session';

/**
 * The connected account's balance in wei, and the payments the marketplace holds
 * for it (credits, withdrawn with `withdraw()`). Re-read at every new block, and
 * so after every transaction (the Transactor polls the head when one ends).
 */
@Injectable({ providedIn: 'root' })
export class AccountBalance {
  private readonly provider = inject(READ_PROVIDER);
  private readonly marketplace = inject(MARKETPLACE);
  private readonly wallet = inject(WalletSession);
  private readonly head = inject(ChainHead);
  private readFor: string | null = null;
  private appliedBlock = -1;

  /** Wei; null while unknown (no account, or not read yet). */
  readonly balanceWei = signal<bigint | null>(null);
  /** Wei the marketplace holds for the account because pushing a payment failed. */
  readonly creditsWei = signal<bigint>(0n);

  constructor() {
    effect(() => {
      const account = this.wallet.account();
      const block = this.head.blockNumber();
      untracked(() => void this.read(account, block));
    });
  }

  private async read(account: string | null, block: number | null): Promise<void> {
    if (account !== this.readFor) {
      // Another account: never show the previous one's figures, even for a moment.
      this.readFor = account;
      this.appliedBlock = -1;
      this.balanceWei.set(null);
      this.creditsWei.set(0n);
    }
    if (!account || block === null) return;
    try {
      // Read at the block just seen: exact, and never a cached figure from before a transaction.
      const [balance, credits] = await Promise.all([
        this.provider.getBalance(account, block),
        this.marketplace.credits(account, { blockTag: block }),
      ]);
      // Reads may finish out of order on a slow link: a later block's figures win.
      if (account !== this.readFor || block < this.appliedBlock) return;
      this.appliedBlock = block;
      this.balanceWei.set(balance);
      this.creditsWei.set(credits);
    } catch {
      // The head poller shows that the chain cannot be reached; keep the last figures.
    }
  }
}
