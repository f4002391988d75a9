/** The household directory as the commands read it from the Community contract, and finding one by address or name. */
import type { Contract } from 'ethers';

import { InputError, checkAccount } from '../lib/user-input';

export interface Household {
  readonly account: string;
  readonly name: string;
}

const PAGE = 500;

export async function readHouseholds(community: Contract): Promise<Household[]> {
  const count = Number(await community.householdCount());
  const households: Household[] = [];
  for (let from = 0; from < count; from += PAGE) {
    const page = (await community.getHouseholds(from, PAGE)) as { account: string; name: string }[];
    households.push(...page.map(({ account, name }) => ({ account, name })));
  }
  return households;
}

/** Same name for people: case and surrounding spaces do not count. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** A household by its address or its name, as a person types it. */
export function findHousehold(households: readonly Household[], text: string): Household {
  if (/^0x/i.test(text)) {
    const account = checkAccount(text);
    const found = households.find((household) => household.account === account);
    if (!found) throw new InputError(`${account} is not a household: see npm run community -- household list`);
    return found;
  }
  const found = households.find((household) => sameName(household.name, text));
  if (!found) throw new InputError(`there is no household named "${text}": see npm run community -- household list`);
  return found;
}
