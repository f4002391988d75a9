import { Injectable, inject, signal } from '@angular/core';

import type { AgentLimits } from '../chain/market-event';
import { readAccountAtEachBlock } from '../chain/account-at-each-block';
import { MARKETPLACE } from '../chain/marketplace-contract';

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

  /** Null while unknown (no account, or not read yet). */
  readonly record = signal<AgentRecord | null>(null);
  /** Set when the chain could not be read; cleared by the next good read. */
  readonly problem = signal<string | null>(null);

  constructor() {
    readAccountAtEachBlock({
      read: async (account, block): Promise<AgentRecord> => {
        const a = await this.marketplace.getAgent(account, { blockTag: block });
        const l = a.limits;
        return {
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
        };
      },
      reset: () => this.record.set(null),
      show: (record) => {
        this.record.set(record);
        this.problem.set(null);
      },
      failed: () => this.problem.set('Your agent’s limits and budget cannot be read from the chain right now; retrying at the next block.'),
    });
  }
}
