/**
 * `npm run community -- init --name "<name>" --currency <SYMBOL> [--data-dir DIR]`
 *
 * Creates a real community in an unused data folder: its own chain (own chain
 * id, genesis funding the treasury alone, no development account), the
 * treasury key encrypted under the operator's passphrase, the meter operator's
 * key (unencrypted, mode 0600: it settles unattended) funded by a top-up from
 * the treasury, the Community and EnergyMarketplace contracts, and the
 * community's certificate authority with the server's HTTPS certificate.
 *
 * Everything is made in a folder beside the target and moved in at the end,
 * community.json last: a failed or interrupted init leaves no half community.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { Contract, JsonRpcProvider, Network, Wallet, parseEther } from 'ethers';
import ganache from 'ganache';

import { DEV_CHAIN_ID } from '../chain/dev-accounts';
import { ganacheOptions } from '../chain/ganache-options';
import { writeDeployment } from '../deploy/deployment-file';
import { deployCommunity, deployMarketplace } from '../deploy/ensure-deployment';
import { loadOrCreateOperatorKey } from '../deploy/operator-key';
import { writeFileAtomic } from '../lib/atomic-write';
import { formatCoins } from '../lib/coins';
import { writeCommunitySettings } from '../lib/community-profile';
import { DEFAULT_LINE_LOSS_ALLOWANCE_BPS } from '../lib/service-config';
import { DEFAULT_DATA_DIR, dataPaths } from '../lib/data-paths';
import { InputError, checkCurrencySymbol, checkDisplayText, checkLineLossAllowance } from '../lib/user-input';
import { makeCommunityCertificates, thisMachinesNames } from './certificates';
import { GENESIS_SUPPLY_COINS, MAX_NAME_BYTES, OPERATOR_FLOAT_COINS, checkChainId, randomChainId } from './community-terms';

export { GENESIS_SUPPLY_COINS, OPERATOR_FLOAT_COINS };
import { newPassphrase } from './passphrase';
import { storeTreasuryKey } from './treasury-key';

export const USAGE = `npm run community -- init --name "<name>" --currency <SYMBOL> [options]

  --name TEXT             the community's name, as wallets and pages show it (at most 40 letters)
  --currency SYMBOL       its money: one coin of the chain is one unit, e.g. KES (2 to 6 capitals)
  --data-dir DIR          an unused folder for the community (default data/)
  --chain-id N            its chain id (default: a random one; never 1337, the demo's)
  --https-host NAME       a further name or address for the HTTPS certificate (repeatable);
                          this machine's name, NAME.local and its addresses now are always in it
  --settlement-window S   seconds before a buyer may reclaim an unsettled trade (default 86400)
  --line-loss-allowance P how much less (in % of the energy sent) a buyer's node may measure than
                          the seller's before a trade is marked disputed (default 3; 0 to 50)

The passphrase that encrypts the treasury key is asked at the terminal (or taken from
COMMUNITY_PASSPHRASE). Keep it safe: without it nobody can issue money.`;

/** Files and folders of a demo or a community: their presence means the folder is in use. */
const IN_USE_MARKERS = ['community.json', 'chain', 'deployment.json', 'operator-key.json', 'treasury-key.json', 'tls', 'nodes', 'registered-nodes.json', 'delivery'];

export async function run(argv: readonly string[], print: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      currency: { type: 'string' },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      'chain-id': { type: 'string' },
      'https-host': { type: 'string', multiple: true, default: [] },
      'settlement-window': { type: 'string', default: '86400' },
      'line-loss-allowance': { type: 'string', default: String(DEFAULT_LINE_LOSS_ALLOWANCE_BPS / 100) },
    },
  });
  if (positionals.length) throw new InputError(`init takes no "${positionals[0]}": see npm run community -- help`);
  if (values.name === undefined) throw new InputError('init needs --name "<the community\'s name>"');
  if (values.currency === undefined) throw new InputError('init needs --currency <SYMBOL>, e.g. --currency KES');
  const name = checkDisplayText('community name', values.name, MAX_NAME_BYTES);
  const currency = checkCurrencySymbol(values.currency);
  const chainId = values['chain-id'] === undefined ? randomChainId() : checkChainId(values['chain-id']);
  const settlementWindowSeconds = Number(values['settlement-window']);
  if (!Number.isInteger(settlementWindowSeconds) || settlementWindowSeconds <= 0 || settlementWindowSeconds > 31_536_000) {
    throw new InputError('--settlement-window must be a whole number of seconds, at most a year');
  }
  const lineLossAllowanceBps = checkLineLossAllowance(values['line-loss-allowance']!);
  const httpsHosts = values['https-host']!.map((host) => checkHostName(host));
  const target = resolve(values['data-dir']!);
  refuseIfInUse(target);
  const passphrase = await newPassphrase();

  const startedAt = Date.now();
  // The work folder goes beside the target, on the same file system, so moving it in is a rename.
  mkdirSync(dirname(target), { recursive: true });
  const work = mkdtempSync(`${target}.init-`);
  try {
    const paths = dataPaths(work);
    const treasury = new Wallet(Wallet.createRandom().privateKey);
    const operator = loadOrCreateOperatorKey(paths.operatorKey);
    const chain = await createChain(paths.chainDb, chainId, treasury.privateKey);
    try {
      const treasurySigner = new Wallet(treasury.privateKey, chain.provider);
      const operatorSigner = operator.connect(chain.provider);
      const quiet = () => undefined;
      const community = await deployCommunity(
        treasurySigner,
        { treasury: treasury.address, operator: operator.address, genesisIssuedWei: 0n },
        quiet,
      );
      const directory = new Contract(community.address, community.abi as never[], treasurySigner);
      await (await directory.topUp(operator.address, 'meter operator: settlement fees', { value: parseEther(String(OPERATOR_FLOAT_COINS)) })).wait();
      const marketplace = await deployMarketplace(chainId, operatorSigner, { settlementWindowSeconds, lineLossAllowanceBps }, quiet);
      writeDeployment(paths.deployment, { ...marketplace, community });
    } finally {
      await chain.close();
    }
    await storeTreasuryKey(paths.treasuryKey, treasury, passphrase);
    const certificates = await makeCommunityCertificates(name, passphrase, thisMachinesNames(httpsHosts));
    writeFileAtomic(paths.caCertificate, certificates.caCertificatePem);
    writeFileAtomic(paths.caKey, certificates.caKeyEncryptedPem, 0o600);
    writeFileAtomic(paths.serverCertificate, certificates.serverCertificatePem);
    writeFileAtomic(paths.serverKey, certificates.serverKeyPem, 0o600);
    writeCommunitySettings(paths.community, { name, currency, chainId, treasury: treasury.address, createdAt: new Date().toISOString() });

    moveInto(work, target);
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    const supply = GENESIS_SUPPLY_COINS - OPERATOR_FLOAT_COINS;
    const dirFlag = values['data-dir'] === DEFAULT_DATA_DIR ? '' : ` --data-dir ${values['data-dir']}`;
    for (const line of [
      `Created the community "${name}" in ${target} (${seconds} s):`,
      `  chain id        ${chainId} (its own: a wallet never mixes it with the demo's ${DEV_CHAIN_ID})`,
      `  money           ${currency}: one coin of the chain is ${currency} 1`,
      `  treasury        ${treasury.address} holds ${currency} ${formatCoins(parseEther(String(supply)))}`,
      `                  (its key: treasury-key.json, encrypted under your passphrase)`,
      `  meter operator  ${operator.address} holds ${currency} ${OPERATOR_FLOAT_COINS} for settlement fees`,
      `                  (its key: operator-key.json, unencrypted, mode 0600: it settles unattended)`,
      `  line loss       up to ${lineLossAllowanceBps / 100}% of what is sent; a buyer's node measuring less marks the trade disputed`,
      `  HTTPS           certificate for ${certificates.serverNames.join(', ')}`,
      `  community CA    tls/ca.crt, SHA-256 ${certificates.caFingerprint}`,
      'Next:',
      `  npm start --${dirFlag} --host 0.0.0.0`,
      `  npm run community -- household add <wallet address> --name "<name>"${dirFlag}`,
      `  npm run community -- top-up <wallet address or name> <amount> --note "<receipt>"${dirFlag}`,
    ]) {
      print(line);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A fresh chain whose genesis funds the treasury alone, open for the length of init. */
async function createChain(dbPath: string, chainId: number, treasuryKey: string) {
  const server = ganache.server(
    ganacheOptions(dbPath, undefined, {
      kind: 'community',
      chainId,
      genesis: { treasuryKey, balanceWei: parseEther(String(GENESIS_SUPPLY_COINS)) },
    }),
  );
  await server.listen(0, '127.0.0.1');
  const { port } = server.address() as { port: number };
  const network = Network.from(chainId);
  const provider = new JsonRpcProvider(`http://127.0.0.1:${port}`, network, { staticNetwork: network, pollingInterval: 50 });
  return {
    provider,
    close: async () => {
      provider.destroy();
      await server.close();
    },
  };
}

function refuseIfInUse(target: string): void {
  if (!existsSync(target)) return;
  const present = IN_USE_MARKERS.filter((name) => existsSync(join(target, name)));
  if (present.length === 0) return;
  const what = present.includes('community.json') ? 'a community' : 'the demo';
  throw new InputError(
    `${target} holds ${what} already (${present.join(', ')}): init never overwrites it; give the community its own folder with --data-dir`,
  );
}

/** Moves what init made into the target, community.json last: from then on it is a community. */
function moveInto(work: string, target: string): void {
  // The target may have appeared meanwhile (another init): check again right before.
  refuseIfInUse(target);
  const entries = readdirSync(work).sort((a, b) => Number(a === 'community.json') - Number(b === 'community.json'));
  if (!existsSync(target)) {
    renameSync(work, target);
    return;
  }
  for (const entry of entries) renameSync(join(work, entry), join(target, entry));
}

export function checkHostName(text: string): string {
  if (!/^[A-Za-z0-9.-]{1,253}$/.test(text) && !/^[0-9a-fA-F:]+$/.test(text)) {
    throw new InputError(`"${text}" is not a host name or address for the certificate`);
  }
  return text.toLowerCase();
}
