/**
 * `npm run community -- top-up <household> <amount> [--note "..."]`: the
 * treasury issues coins to a household that paid the operator in cash or
 * mobile money, as on a prepaid mini-grid. The top-up is on chain (the
 * Community contract's ToppedUp event, with the note) and counts as issued.
 * The meter operator can be topped up the same way, for its settlement fees.
 */
import { parseArgs } from 'node:util';

import { formatMoney } from '../lib/coins';
import { communityProfile } from '../lib/community-profile';
import { DEFAULT_DATA_DIR, dataPaths } from '../lib/data-paths';
import { InputError, checkAccount, checkAmount, checkNote } from '../lib/user-input';
import { mined, withCommunityChain } from './community-chain';
import { findHousehold, readHouseholds } from './households';
import { treasurySigner } from './treasury-signer';

export const USAGE = `npm run community -- top-up <household> <amount> [--note "<text>"] [--data-dir DIR]

  <household>  its wallet address or its name (the meter operator's address tops up its fee float)
  <amount>     in the community's currency, e.g. 500 or 12.50
  --note       what the operator wants to remember, e.g. "cash, receipt 0412" (at most 140 letters)`;

/** The contract's MAX_NOTE_BYTES. */
const MAX_NOTE_BYTES = 140;
/** A top-up costs about 40,000 gas; what the treasury must hold besides the amount, at most. */
const TOP_UP_GAS_LIMIT = 120_000n;

export async function run(argv: readonly string[], print: (line: string) => void): Promise<void> {
  // "-5" would read as an unknown option: keep a number with a minus sign as the amount it was meant
  // to be, so that it is refused as an amount.
  const negative = argv.filter((arg) => /^-[\d.]/.test(arg));
  const parsed = parseArgs({
    args: argv.filter((arg) => !negative.includes(arg)),
    allowPositionals: true,
    options: { 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR }, note: { type: 'string', default: '' } },
  });
  const { values } = parsed;
  const positionals = [...parsed.positionals, ...negative];
  if (positionals.length !== 2) throw new InputError('top-up needs a household and an amount, e.g. top-up 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 500');
  const paths = dataPaths(values['data-dir']);
  const profile = communityProfile(paths);
  const amountWei = checkAmount(positionals[1], profile.currency);
  const note = checkNote(values.note!, MAX_NOTE_BYTES);

  await withCommunityChain(paths, profile, async (chain) => {
    const { operator } = chain.deployment;
    const { treasury } = chain.deployment.community;
    const isOperator = /^0x/i.test(positionals[0]) && checkAccount(positionals[0]) === operator;
    const recipient = isOperator
      ? { account: operator, name: 'the meter operator' }
      : findHousehold(await readHouseholds(chain.community()), positionals[0]);

    const [balance, fees] = await Promise.all([chain.provider.getBalance(treasury), chain.provider.getFeeData()]);
    const maxFee = TOP_UP_GAS_LIMIT * (fees.maxFeePerGas ?? fees.gasPrice ?? 0n);
    if (balance < amountWei + maxFee) {
      throw new InputError(
        `the treasury holds ${formatMoney(profile.currency, balance)}, less than ${formatMoney(profile.currency, amountWei)} and the fee`,
      );
    }
    const signer = await treasurySigner(paths, profile, chain.provider);
    const receipt = await mined(chain.community(signer).topUp(recipient.account, note, { value: amountWei, gasLimit: TOP_UP_GAS_LIMIT }));
    const [held, left] = await Promise.all([chain.provider.getBalance(recipient.account), chain.provider.getBalance(treasury)]);
    print(
      `topped up "${recipient.name}" (${recipient.account}) with ${formatMoney(profile.currency, amountWei)}` +
        `${note ? ` (${note})` : ''} in block ${receipt.blockNumber}`,
    );
    print(`  it holds ${formatMoney(profile.currency, held)}; the treasury ${formatMoney(profile.currency, left)}`);
  });
}
