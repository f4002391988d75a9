import { Injectable, effect, inject, signal, untracked } from '@angular/core';

import type { AgentLimits } from '../chain/market-event';
import { ChainHead } from '../chain/chain-head';
import { MARKETPLACE } from '../chain/marketplace-contract';
import { WalletSession } from '../wallet/wallet-session';

/** The household's agent as the contract holds it (`getAgent`). */
export interface AgentRecord {
  /** Zero address: none (never authorized, or revoked). */
  readonly agent: string;
  readonly budgetWei: bigint;
  readonly limits: AgentLimits;
  readonly boughtTodayMilliWh: bigint;
  readonly soldTodayMilliWh: bigint;
  readonly spentTodayWei: bigint;
}

export const NO_AGENT = '0x0000000000000000000000000000000000000000';

/**
 * The connected household's agent, limits, budget and today's use, read from
 * the contract at every new block (so a transaction's effect shows by itself).
 */
@Injectable({ providedIn: 'root' })
export class HouseholdAgentOnChain {
  private readonly marketplace = inject(MARKETPLACE);
  private readonly wallet = inject(WalletSession);
  private readonly head = inject(ChainHead);
  private readFor: string | null = null;
  private appliedBlock = -1;

  /** Null while unknown (no account, or not read yet). */
  readonly record = signal<AgentRecord | null>(null);
  /** Set when the chain could not be read; cleared by the next good read. */
  readonly problem = signal<string | null>(null);

  constructor() {
    effect(() => {
      const account = this.wallet.account();
      const block = this.head.blockNumber();
      untracked(() => void this.read(account, block));
    });
  }

  private async read(account: string | null, block: number | null): Promise<void> {
    if (account !== this.readFor) {
      this.readFor = account;
      this.appliedBlock = -1;
      this.record.set(null);
    }
    if (!account || block === null) return;
    try {
      const a = await this.marketplace.getAgent(account, { blockTag: block });
      if (account !== this.readFor || block < this.appliedBlock) return;
      this.appliedBlock = block;
      const l = a.limits;
      this.record.set({
        agent: a.agent,
        budgetWei: a.budgetWei,
        limits: {
          maxBuyPrice: l.maxBuyPrice,
          minSellPrice: l.minSellPrice,
          maxBoughtPerDayMilliWh: l.maxBoughtPerDayMilliWh,
          maxSoldPerDayMilliWh: l.maxSoldPerDayMilliWh,
          maxSpentPerDayWei: l.maxSpentPerDayWei,
        },
        boughtTodayMilliWh: a.boughtTodayMilliWh,
        soldTodayMilliWh: a.soldTodayMilliWh,
        spentTodayWei: a.spentTodayWei,
      });
      this.problem.set(null);
    } catch {
      if (account === this.readFor) this.problem.set('Your agent’s limits and budget cannot be read from the chain right now; retrying at the next block.');
    }
  }
}
