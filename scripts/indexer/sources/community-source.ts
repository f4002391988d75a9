/**
 * The Community contract's events into the read model: the household
 * directory (names on chain, who left) and each account's top-ups and
 * cash-outs. Its events also join the explorer's log of each account.
 */
import { table } from '../../lib/read-model/table';
import type { CommunityDeployment } from '../../deploy/deployment-file';
import type { DecodedEvent, EventSource } from '../event-source';
import type { UnitOfWork } from '../unit-of-work';

export const households = table({
  name: 'households',
  columns: {
    account: { type: 'text' },
    name: { type: 'text' },
    /** 'member' or 'removed'. */
    status: { type: 'text' },
    joined_block: { type: 'int' },
    joined_at: { type: 'int' },
    removed_block: { type: 'int', nullable: true },
  },
  primaryKey: ['account'],
  indexes: [{ name: 'households_status', columns: ['status', 'account'] }],
});

/** Coins the treasury issued to an account and coins it returned, in wei. */
export const communityMoney = table({
  name: 'community_money',
  columns: { account: { type: 'text' }, topped_up_wei: { type: 'text' }, cashed_out_wei: { type: 'text' } },
  primaryKey: ['account'],
});

const account = (event: DecodedEvent): string => event.args.household as string;

async function householdAdded(event: DecodedEvent, store: UnitOfWork): Promise<void> {
  const existing = await store.get(households.name, { account: account(event) });
  const row = {
    account: account(event),
    name: event.args.name as string,
    status: 'member',
    joined_block: BigInt(event.block.number),
    joined_at: BigInt(event.block.timestamp),
    removed_block: null,
  };
  if (existing) store.update(households.name, row);
  else store.insert(households.name, row);
  store.recordEvent(event, { accounts: [account(event)] });
  store.noteChange('household', account(event));
}

async function householdChanged(event: DecodedEvent, store: UnitOfWork, removed: boolean): Promise<void> {
  const existing = await store.get(households.name, { account: account(event) });
  if (existing) {
    store.update(households.name, removed
      ? { ...existing, status: 'removed', removed_block: BigInt(event.block.number) }
      : { ...existing, name: event.args.name as string });
  }
  store.recordEvent(event, { accounts: [account(event)] });
  store.noteChange('household', account(event));
}

async function moneyMoved(event: DecodedEvent, store: UnitOfWork, column: 'topped_up_wei' | 'cashed_out_wei'): Promise<void> {
  const existing = await store.get(communityMoney.name, { account: account(event) });
  const row = existing ?? { account: account(event), topped_up_wei: '0', cashed_out_wei: '0' };
  const next = { ...row, [column]: (BigInt(row[column] as string) + (event.args.amountWei as bigint)).toString() };
  if (existing) store.update(communityMoney.name, next);
  else store.insert(communityMoney.name, next);
  store.recordEvent(event, { accounts: [account(event)] });
  store.noteChange('money', account(event));
}

export function communitySource(deployment: CommunityDeployment): EventSource {
  return {
    name: 'community',
    version: 1,
    address: deployment.address.toLowerCase(),
    fromBlock: deployment.deployedOnBlock,
    abi: deployment.abi,
    tables: [households, communityMoney],
    handlers: {
      HouseholdAdded: householdAdded,
      HouseholdRenamed: (event, store) => householdChanged(event, store, false),
      HouseholdRemoved: (event, store) => householdChanged(event, store, true),
      ToppedUp: (event, store) => moneyMoved(event, store, 'topped_up_wei'),
      CashedOut: (event, store) => moneyMoved(event, store, 'cashed_out_wei'),
    },
  };
}
