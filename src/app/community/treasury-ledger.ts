import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { getAddress } from 'ethers/address';

import { ChainHead } from '../chain/chain-head';
import { readRawLogs } from '../chain/log-reader';
import { READ_PROVIDER } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import type { AppError } from '../core/app-error';
import { toAppError } from '../core/to-app-error';
import { COMMUNITY_INTERFACE } from './community-contract';

/** One movement of money between the treasury and an account, as the chain recorded it. */
export interface TreasuryEntry {
  readonly kind: 'top-up' | 'cash-out';
  readonly account: string;
  readonly amountWei: bigint;
  readonly note: string;
  readonly blockNumber: number;
  readonly transactionHash: string;
  readonly logIndex: number;
}

/** What the treasury issued, got back, and so what circulates (issued - returned), in wei. */
export interface TreasuryTotals {
  readonly issuedWei: bigint;
  readonly returnedWei: bigint;
  readonly circulationWei: bigint;
}

/**
 * Every top-up and cash-out of the community (the `Community` contract's
 * `ToppedUp` and `CashedOut` events) and the contract's own totals, read at
 * one block and kept live from the next. Provided by the treasury page, so it
 * reads only while someone looks.
 */
@Injectable()
export class TreasuryLedger {
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly provider = inject(READ_PROVIDER);
  private readonly iface = inject(COMMUNITY_INTERFACE);
  private syncedTo = -1;
  private syncing = false;
  private readonly blockTimes = new Map<number, Promise<number>>();

  /** Newest first. */
  readonly entries = signal<readonly TreasuryEntry[]>([]);
  readonly totals = signal<TreasuryTotals | null>(null);
  readonly state = signal<'loading' | 'ready' | 'failed'>('loading');
  readonly error = signal<AppError | null>(null);
  /** Unix seconds of the blocks asked for with `loadTimes`. */
  readonly times = signal<ReadonlyMap<number, number>>(new Map());

  constructor() {
    const subscription = inject(ChainHead).newBlocks$.subscribe((block) => void this.sync(block));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  /** Reads the time of each block not known yet (one batched request for a page of rows). */
  async loadTimes(blocks: readonly number[]): Promise<void> {
    const missing = [...new Set(blocks)].filter((block) => !this.blockTimes.has(block));
    if (missing.length === 0) return;
    for (const block of missing) {
      const read = this.provider
        .send('eth_getBlockByNumber', [`0x${block.toString(16)}`, false])
        .then((answer) => Number((answer as { timestamp: string }).timestamp));
      this.blockTimes.set(block, read);
      read.catch(() => this.blockTimes.delete(block));
    }
    const settled = await Promise.allSettled(missing.map((block) => this.blockTimes.get(block)!));
    this.times.update((times) => {
      const next = new Map(times);
      settled.forEach((result, index) => {
        if (result.status === 'fulfilled') next.set(missing[index], result.value);
      });
      return next;
    });
  }

  private async sync(block: number): Promise<void> {
    if (this.syncing || block <= this.syncedTo) return;
    this.syncing = true;
    try {
      const from = this.syncedTo < 0 ? this.config.community.contract.deployedOnBlock : this.syncedTo + 1;
      const [fresh, totals] = await Promise.all([this.readEntries(from, block), this.readTotals(block)]);
      if (fresh.length > 0) this.entries.update((entries) => [...fresh.reverse(), ...entries]);
      this.totals.set(totals);
      this.syncedTo = block;
      this.state.set('ready');
      this.error.set(null);
    } catch (error) {
      // The page keeps what it showed; the next block tries again.
      this.error.set(toAppError(error));
      if (this.syncedTo < 0) this.state.set('failed');
    } finally {
      this.syncing = false;
    }
  }

  private async readEntries(fromBlock: number, toBlock: number): Promise<TreasuryEntry[]> {
    const iface = this.iface;
    const topics = [iface.getEvent('ToppedUp')!.topicHash, iface.getEvent('CashedOut')!.topicHash];
    const logs = await readRawLogs(this.provider, { address: this.config.community.contract.address, topics: [topics], fromBlock, toBlock });
    return logs.flatMap((log) => {
      const event = iface.parseLog({ topics: [...log.topics], data: log.data });
      if (!event) return [];
      return [
        {
          kind: event.name === 'ToppedUp' ? 'top-up' : 'cash-out',
          account: getAddress(event.args[0] as string),
          amountWei: event.args[1] as bigint,
          note: event.args[2] as string,
          blockNumber: log.blockNumber,
          transactionHash: log.transactionHash,
          logIndex: log.index,
        } satisfies TreasuryEntry,
      ];
    });
  }

  private async readTotals(block: number): Promise<TreasuryTotals> {
    const iface = this.iface;
    const tag = `0x${block.toString(16)}`;
    const read = async (name: string) => {
      const answer = (await this.provider.send('eth_call', [{ to: this.config.community.contract.address, data: iface.encodeFunctionData(name, []) }, tag])) as string;
      return iface.decodeFunctionResult(name, answer)[0] as bigint;
    };
    const [issuedWei, returnedWei, circulationWei] = await Promise.all([read('issuedWei'), read('returnedWei'), read('circulationWei')]);
    return { issuedWei, returnedWei, circulationWei };
  }
}
