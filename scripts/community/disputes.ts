/**
 * `npm run community -- disputes`: the community's disputed trades, for the
 * operator, with the households' names (on chain) and the community's money:
 * trades whose buyer's node received less than the seller's node sent, beyond
 * the line-loss allowance. The same list as `npm run nodes -- disputes`.
 */
import { parseArgs } from 'node:util';

import { formatMoney } from '../lib/coins';
import { communityProfile } from '../lib/community-profile';
import { DEFAULT_DATA_DIR, dataPaths } from '../lib/data-paths';
import { InputError } from '../lib/user-input';
import { describeDisputedTrades, readDisputedTrades } from '../nodes/disputed-trades';
import { withCommunityChain } from './community-chain';
import { readHouseholds } from './households';

export const USAGE = `npm run community -- disputes [--data-dir DIR]

  Lists the disputed trades: settled on what the buyer's node received, which was less than
  what the seller's node sent minus the community's line-loss allowance. Check the line between
  the two houses and both nodes' calibration; a seller's node that reports more than it sends
  shows up here.`;

export async function run(argv: readonly string[], print: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR } },
  });
  if (positionals.length) throw new InputError('disputes takes no argument');
  const paths = dataPaths(values['data-dir']);
  const profile = communityProfile(paths);
  await withCommunityChain(paths, profile, async (chain) => {
    const households = await readHouseholds(chain.community());
    const trades = await readDisputedTrades((method, params) => chain.provider.send(method, params), chain.deployment);
    const wording = {
      nameOf: (account: string) => households.find((h) => h.account.toLowerCase() === account.toLowerCase())?.name ?? 'not a household',
      money: (wei: bigint) => formatMoney(profile.currency, wei),
    };
    for (const line of describeDisputedTrades(trades, chain.deployment.lineLossAllowanceBps, wording)) print(line);
  });
}
