/**
 * `npm run community -- household <add|list|rename|remove> ...`: the
 * community's directory of households, on chain (the Community contract), so
 * every page, the explorer and every server of the community show the same
 * names. A household is the wallet address its person created; its key never
 * leaves that wallet. An energy node can be registered with it (`--node`), the
 * same registration as `npm run nodes -- add`; node secrets stay on this machine.
 */
import { parseArgs } from 'node:util';

import { formatMoney } from '../lib/coins';
import { type CommunityProfile, communityProfile } from '../lib/community-profile';
import { DEFAULT_DATA_DIR, type DataPaths, dataPaths } from '../lib/data-paths';
import { InputError, checkAccount, checkDisplayText } from '../lib/user-input';
import { probeNode } from '../nodes/probe-node';
import { checkNodeRegistration, describeProbe, forgetNode, saveNodeRegistration, secretsHeaderLine } from '../nodes/register-node';
import { readRegisteredNodes } from '../nodes/registered-nodes';
import { mined, withCommunityChain } from './community-chain';
import { type Household, findHousehold, readHouseholds, sameName } from './households';
import { treasurySigner } from './treasury-signer';

export const USAGE = `npm run community -- household <command> [--data-dir DIR]

  add <address> --name "<name>" [--node <url> [--secret <hex>]]
        Add a household by the address of the wallet its person created, e.g.
        npm run community -- household add 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --name "Amina"
        --node registers its energy node on the LAN too (as npm run nodes -- add does).
  list                           every household: name, address, balance, node
  rename <address or name> --name "<new name>"
  remove <address or name>       it keeps its coins (and may still cash them out); its node is forgotten

Names are 1 to 64 letters and unique. Changes are signed by the treasury (its passphrase is asked).`;

/** The contract's MAX_NAME_BYTES. */
const MAX_NAME_BYTES = 64;

interface Context {
  readonly paths: DataPaths;
  readonly profile: CommunityProfile;
  readonly print: (line: string) => void;
}

type Action = (rest: readonly string[], values: HouseholdValues, context: Context) => Promise<void>;
interface HouseholdValues {
  readonly name?: string;
  readonly node?: string;
  readonly secret?: string;
}

const ACTIONS: Readonly<Record<string, Action>> = { add, list, rename, remove };

export async function run(argv: readonly string[], print: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      name: { type: 'string' },
      node: { type: 'string' },
      secret: { type: 'string' },
    },
  });
  const [command, ...rest] = positionals;
  if (!command || command === 'help') {
    print(USAGE);
    return;
  }
  const action = Object.hasOwn(ACTIONS, command) ? ACTIONS[command] : undefined;
  if (!action) throw new InputError(`unknown household command "${command}": use add, list, rename or remove`);
  const paths = dataPaths(values['data-dir']);
  await action(rest, values, { paths, profile: communityProfile(paths), print });
}

async function add(rest: readonly string[], values: HouseholdValues, { paths, profile, print }: Context): Promise<void> {
  if (rest.length !== 1) throw new InputError('household add needs one wallet address: see npm run community -- household help');
  const account = checkAccount(rest[0]);
  const name = checkName(values.name);
  if (values.secret !== undefined && values.node === undefined) throw new InputError('--secret goes with --node <url>');
  const registration = values.node === undefined ? undefined : checkNodeRegistration(paths, account, values.node, name, values.secret);

  await withCommunityChain(paths, profile, async (chain) => {
    const households = await readHouseholds(chain.community());
    const same = households.find((household) => household.account === account);
    if (same) throw new InputError(`${account} is a household already, named "${same.name}"`);
    refuseTakenName(households, name);
    const { treasury } = chain.deployment.community;
    if (account === treasury || account === chain.deployment.operator) {
      throw new InputError(`${account} is the ${account === treasury ? 'treasury' : 'meter operator'}, which cannot be a household`);
    }
    const signer = await treasurySigner(paths, profile, chain.provider);
    await mined(chain.community(signer).addHousehold(account, name));
    print(`added household "${name}" (${account})`);
  });
  if (registration) {
    const secret = saveNodeRegistration(paths, registration);
    print(describeProbe(registration.node, await probeNode(registration.node.url, secret)));
    if (!registration.secret) {
      print("Put this line into the node's firmware/src/esp32/secrets.h, then flash it:");
      print(secretsHeaderLine(secret));
    }
    print('Restart npm start to deliver its trades through the node.');
  }
}

async function list(rest: readonly string[], _values: HouseholdValues, { paths, profile, print }: Context): Promise<void> {
  if (rest.length) throw new InputError('household list takes no argument');
  await withCommunityChain(paths, profile, async (chain) => {
    const households = await readHouseholds(chain.community());
    const nodes = readRegisteredNodes(paths.registeredNodes);
    if (households.length === 0) {
      print(`${profile.name} has no households yet: npm run community -- household add <address> --name "<name>"`);
      return;
    }
    const balances = await Promise.all(households.map((household) => chain.provider.getBalance(household.account)));
    const width = Math.max(...households.map((household) => household.name.length));
    print(`${households.length} household(s) of ${profile.name}:`);
    households.forEach((household, index) => {
      const node = nodes.find((entry) => entry.account === household.account);
      const money = formatMoney(profile.currency, balances[index]).padStart(18);
      print(`  ${household.name.padEnd(width)}  ${household.account}  ${money}  ${node ? `node ${node.url}` : 'no node'}`);
    });
  });
}

async function rename(rest: readonly string[], values: HouseholdValues, { paths, profile, print }: Context): Promise<void> {
  if (rest.length !== 1) throw new InputError('household rename needs the household\'s address or name, and --name "<new name>"');
  const name = checkName(values.name);
  await withCommunityChain(paths, profile, async (chain) => {
    const households = await readHouseholds(chain.community());
    const household = findHousehold(households, rest[0]);
    refuseTakenName(
      households.filter((other) => other.account !== household.account),
      name,
    );
    const signer = await treasurySigner(paths, profile, chain.provider);
    await mined(chain.community(signer).renameHousehold(household.account, name));
    print(`renamed "${household.name}" (${household.account}) to "${name}"`);
  });
}

async function remove(rest: readonly string[], values: HouseholdValues, { paths, profile, print }: Context): Promise<void> {
  if (rest.length !== 1) throw new InputError('household remove needs the household\'s address or name');
  if (values.name !== undefined || values.node !== undefined) throw new InputError('household remove takes only the household');
  let removed: Household | undefined;
  await withCommunityChain(paths, profile, async (chain) => {
    const household = findHousehold(await readHouseholds(chain.community()), rest[0]);
    const signer = await treasurySigner(paths, profile, chain.provider);
    await mined(chain.community(signer).removeHousehold(household.account));
    removed = household;
    print(`removed household "${household.name}" (${household.account}); its coins stay its own`);
  });
  if (removed && forgetNode(paths, removed.account)) print('its energy node is forgotten too: restart npm start to use the change');
}

function checkName(text: string | undefined): string {
  if (text === undefined) throw new InputError('give the household a name with --name "<name>"');
  return checkDisplayText('name', text, MAX_NAME_BYTES);
}

function refuseTakenName(households: readonly Household[], name: string): void {
  const taken = households.find((household) => sameName(household.name, name));
  if (taken) throw new InputError(`the name "${name}" is taken by ${taken.account}: pick another`);
}
