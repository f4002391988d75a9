import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import type { Interface } from 'ethers/abi';
import { getAddress } from 'ethers/address';

import { ChainHead } from '../chain/chain-head';
import { readRawLogs } from '../chain/log-reader';
import { READ_PROVIDER } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import type { RuntimeConfig } from '../config/runtime-config';
import { COMMUNITY_INTERFACE } from './community-contract';

/**
 * Households per `getHouseholds` call: at most about 10,500 gas each (a 64-byte
 * name), so a page stays under the gateway's 300,000-gas cap on a call
 * (scripts/server/gas-bounds.ts); a village of 300 is 15 calls at start.
 */
const PAGE = 20;

/**
 * The accounts everyone meets, by role. In the demo the meter operator stands
 * in for the treasury: it keeps its own name there.
 */
export function roleNames(config: RuntimeConfig): ReadonlyMap<string, string> {
  return new Map<string, string>([
    [config.community.contract.treasury.toLowerCase(), 'Treasury'],
    [config.marketplace.operator.toLowerCase(), 'Meter operator'],
  ]);
}

/** A household as the directory lists it. */
export interface Household {
  readonly account: string;
  readonly name: string;
}

/**
 * The community's directory of households (address -> name), kept on chain by
 * the `Community` contract. Read once at start (`getHouseholds` at one block),
 * then kept live by that contract's directory events from the next block on:
 * no call per address shown, however many rows a page has. Also names the
 * accounts everyone meets: the treasury and the meter operator.
 */
@Injectable({ providedIn: 'root' })
export class HouseholdDirectory {
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly provider = inject(READ_PROVIDER);
  private readonly iface = inject(COMMUNITY_INTERFACE);
  private readonly names = signal<ReadonlyMap<string, string>>(new Map());
  private readonly roles: ReadonlyMap<string, string>;
  private syncedTo = -1;
  private syncing = false;

  /** Households by checksummed address, in the order they joined or were read. */
  readonly households = signal<readonly Household[]>([]);
  /** True once the directory was read. */
  readonly ready = signal(false);

  constructor() {
    this.roles = roleNames(this.config);
    const subscription = inject(ChainHead).newBlocks$.subscribe((block) => void this.sync(block));
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }

  /** The name people know an account by: a household's name, "Treasury", "Meter operator"; null otherwise. */
  nameOf(address: string | null | undefined): string | null {
    if (!address) return null;
    const key = address.toLowerCase();
    return this.names().get(key) ?? this.roles.get(key) ?? null;
  }

  /** Whether the account is a household of the community (null while the directory is being read). */
  isHousehold(address: string): boolean | null {
    if (!this.ready()) return null;
    return this.names().has(address.toLowerCase());
  }

  // ------------------------------------------------------------ internals

  /** One sync at a time; a block that arrives meanwhile is caught by the next one. */
  private async sync(block: number): Promise<void> {
    if (this.syncing || block <= this.syncedTo) return;
    this.syncing = true;
    try {
      if (this.syncedTo < 0) await this.readAll(block);
      else await this.follow(this.syncedTo + 1, block);
      this.syncedTo = block;
      this.ready.set(true);
    } catch {
      // The chain head shows that the chain cannot be reached; the next block retries.
    } finally {
      this.syncing = false;
    }
  }

  private async readAll(block: number): Promise<void> {
    const iface = this.iface;
    const address = this.config.community.contract.address;
    const list: Household[] = [];
    for (let from = 0; ; from += PAGE) {
      const data = iface.encodeFunctionData('getHouseholds', [from, PAGE]);
      const answer = (await this.provider.send('eth_call', [{ to: address, data }, `0x${block.toString(16)}`])) as string;
      const [page] = iface.decodeFunctionResult('getHouseholds', answer) as unknown as [readonly { account: string; name: string }[]];
      for (const household of page) list.push({ account: getAddress(household.account), name: household.name });
      if (page.length < PAGE) break;
    }
    this.publish(list);
  }

  private async follow(fromBlock: number, toBlock: number): Promise<void> {
    const iface = this.iface;
    const topics = ['HouseholdAdded', 'HouseholdRenamed', 'HouseholdRemoved'].map((name) => iface.getEvent(name)!.topicHash);
    const logs = await readRawLogs(this.provider, { address: this.config.community.contract.address, topics: [topics], fromBlock, toBlock });
    if (logs.length === 0) return;
    const byAccount = new Map(this.households().map((household) => [household.account, household]));
    for (const log of logs) {
      const event = iface.parseLog({ topics: [...log.topics], data: log.data });
      if (!event) continue;
      const account = getAddress(event.args[0] as string);
      if (event.name === 'HouseholdRemoved') byAccount.delete(account);
      else byAccount.set(account, { account, name: event.args[1] as string });
    }
    this.publish([...byAccount.values()]);
  }

  private publish(list: readonly Household[]): void {
    this.households.set(list);
    this.names.set(new Map(list.map((household) => [household.account.toLowerCase(), household.name])));
  }
}
