import { effect, inject, untracked } from '@angular/core';

import { WalletSession } from '../wallet/wallet-session';
import { ChainHead } from './chain-head';

/** How a figure of the connected account is read at each block, and where it goes. */
export interface AccountReads<T> {
  /** Reads at exactly that block: never a cached figure from before a transaction. */
  read(account: string, block: number): Promise<T>;
  /** The account changed (or is gone): the previous one's figures are forgotten at once. */
  reset(): void;
  /** What the newest block read so far says. */
  show(value: T): void;
  /** The read failed; the last figures stay shown. */
  failed?(): void;
}

/**
 * Re-reads something of the connected account at every new block, so a
 * transaction's effect shows by itself. Never shows another account's figures,
 * even for a moment, and when reads finish out of order on a slow link a later
 * block's figures win. Call it in an injection context (a service's constructor).
 */
export function readAccountAtEachBlock<T>(reads: AccountReads<T>): void {
  const wallet = inject(WalletSession);
  const head = inject(ChainHead);
  let readFor: string | null = null;
  let appliedBlock = -1;

  const readAt = async (account: string | null, block: number | null): Promise<void> => {
    if (account !== readFor) {
      readFor = account;
      appliedBlock = -1;
      reads.reset();
    }
    if (!account || block === null) return;
    try {
      const value = await reads.read(account, block);
      if (account !== readFor || block < appliedBlock) return;
      appliedBlock = block;
      reads.show(value);
    } catch {
      if (account === readFor) reads.failed?.();
    }
  };

  effect(() => {
    const account = wallet.account();
    const block = head.blockNumber();
    untracked(() => void readAt(account, block));
  });
}
