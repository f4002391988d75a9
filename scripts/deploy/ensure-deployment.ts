/**
 * Deploys EnergyMarketplace and Community once; after a restart finds them on
 * the persisted chain (data/deployment.json + code at their addresses) and
 * reuses them, so the market, the directory, their history and the money survive.
 *
 * The demo: the meter operator is funded from development account 0, is also
 * the treasury, and the ten development accounts are named "Demo household N".
 * A community: `npm run community -- init` deployed both contracts and funded
 * the operator from the treasury; here they are found again.
 */
import { type BaseWallet, Contract, ContractFactory, JsonRpcProvider, Network, Wallet, formatEther, parseEther } from 'ethers';

import { DEV_ACCOUNTS, DEV_ACCOUNT_COUNT, DEV_BALANCE_ETH } from '../chain/dev-accounts';
import { type CommunityProfile, communityProfile } from '../lib/community-profile';
import type { DataPaths } from '../lib/data-paths';
import { DEFAULT_LINE_LOSS_ALLOWANCE_BPS } from '../lib/service-config';
import { loadContractArtifact } from './contract-artifacts';
import { type CommunityDeployment, type Deployment, readDeployment, writeDeployment } from './deployment-file';
import { loadOrCreateOperatorKey, loadOrCreateServiceKey } from './operator-key';

/** Settlement gas comes from the operator's balance: in the demo, topped up from account 0 below this. */
const OPERATOR_MIN_BALANCE = parseEther('5');
const OPERATOR_TOP_UP = parseEther('20');
/** A community's operator below this many coins is told to be topped up (a settlement costs about 0.0001). */
export const OPERATOR_LOW_BALANCE = parseEther('1');

export const demoHouseholdName = (index: number) => `Demo household ${index + 1}`;
/** Well above what adding a household with a short name costs (one new slot, the name, an event). */
const DEMO_HOUSEHOLD_GAS = 300_000n;

export interface EnsureDeploymentOptions {
  readonly chainUrl: string;
  readonly paths: DataPaths;
  readonly settlementWindowSeconds: number;
  /** Basis points of the energy sent that may be lost on the line before a trade is disputed (default 300). */
  readonly lineLossAllowanceBps?: number;
  readonly log?: (line: string) => void;
}

export async function ensureDeployment(options: EnsureDeploymentOptions): Promise<Deployment> {
  const log = options.log ?? console.log;
  const profile = communityProfile(options.paths);
  const provider = await chainProvider(options.chainUrl);
  try {
    const chainId = Number((await provider.getNetwork()).chainId);
    if (chainId !== profile.chainId) {
      throw new Error(`the chain at ${options.chainUrl} has chain id ${chainId}, but ${options.paths.root} belongs to chain ${profile.chainId}`);
    }
    const operator = loadOrCreateOperatorKey(options.paths.operatorKey).connect(provider);
    if (profile.mode === 'demo') {
      await fundDemoOperator(provider, operator, log);
      // The agent service's key pays its own fees (a community's treasury tops it up: the agent service says when).
      await fundDemoAccount(provider, loadOrCreateServiceKey(options.paths.agentKey).address, 'agent service', log);
    } else await warnIfOperatorLow(provider, operator, profile, log);

    const saved = readDeployment(options.paths.deployment, chainId);
    let marketplace: Deployment | undefined;
    if (saved && !sameAbi(saved.abi, loadContractArtifact('EnergyMarketplace').abi)) {
      // The saved contract speaks another interface than this code: the services cannot drive it.
      // A community's contract holds households' escrow: never leave it behind for a new one.
      if (profile.mode === 'community') {
        throw new Error(`the EnergyMarketplace at ${saved.address} is an older version than this software drives; keep running the version that deployed it`);
      }
      log(`the EnergyMarketplace at ${saved.address} is an older version (its interface differs): deploying anew`);
    } else if (saved && (await provider.getCode(saved.address)) !== '0x') {
      if (saved.operator.toLowerCase() !== operator.address.toLowerCase()) {
        throw new Error(
          `the deployment at ${saved.address} settles with ${saved.operator}, but ${options.paths.operatorKey} ` +
            `holds ${operator.address}: restore that key or start with a fresh data folder`,
        );
      }
      if (saved.settlementWindowSeconds !== options.settlementWindowSeconds) {
        log(
          `settlement window stays ${saved.settlementWindowSeconds} s: it is fixed at deployment ` +
            `(start with a fresh data folder to change it)`,
        );
      }
      log(`EnergyMarketplace reused at ${saved.address} (deployed in block ${saved.deployedOnBlock})`);
      marketplace = saved;
    } else if (saved) {
      log(`no contract at the saved address ${saved.address} on this chain: deploying anew`);
    }
    marketplace ??= await deployMarketplace(chainId, operator, options, log);

    let community = saved?.community;
    if (community && (await provider.getCode(community.address)) !== '0x') {
      log(`Community reused at ${community.address} (deployed in block ${community.deployedOnBlock})`);
    } else {
      community = await deployDemoOrMissingCommunity(profile, operator, log);
    }
    const deployment: Deployment = { ...marketplace, community };
    if (JSON.stringify(deployment) !== JSON.stringify(saved)) writeDeployment(options.paths.deployment, deployment);
    return deployment;
  } finally {
    provider.destroy();
  }
}

/**
 * A provider for short-lived deployment work. Instamine answers at once: poll every 50 ms, not ethers' 4 s.
 * No result cache: ethers answers an identical request within 250 ms from its cache, so the nonce read
 * for the demo's names right after the Community deployment could be the one read before it.
 */
export async function chainProvider(chainUrl: string): Promise<JsonRpcProvider> {
  const probe = new JsonRpcProvider(chainUrl);
  try {
    const network = Network.from(Number((await probe.getNetwork()).chainId));
    // No cache: ethers answers an identical request within 250 ms from it, so a nonce asked for right
    // after a deployment would be the one the deployment used.
    return new JsonRpcProvider(chainUrl, network, { staticNetwork: network, pollingInterval: 50, cacheTimeout: -1 });
  } finally {
    probe.destroy();
  }
}

export async function deployMarketplace(
  chainId: number,
  operator: BaseWallet,
  terms: { readonly settlementWindowSeconds: number; readonly lineLossAllowanceBps?: number },
  log: (line: string) => void,
): Promise<Deployment> {
  const { settlementWindowSeconds } = terms;
  const lineLossAllowanceBps = terms.lineLossAllowanceBps ?? DEFAULT_LINE_LOSS_ALLOWANCE_BPS;
  const artifact = loadContractArtifact('EnergyMarketplace');
  const factory = new ContractFactory(artifact.abi as never[], artifact.bytecode, operator);
  const contract = await factory.deploy(operator.address, settlementWindowSeconds, lineLossAllowanceBps);
  const receipt = await contract.deploymentTransaction()!.wait();
  if (!receipt || receipt.status !== 1) throw new Error('the EnergyMarketplace deployment transaction failed');
  const deployment: Deployment = {
    chainId,
    address: await contract.getAddress(),
    abi: artifact.abi,
    deployedOnBlock: receipt.blockNumber,
    operator: operator.address,
    settlementWindowSeconds,
    lineLossAllowanceBps,
    transactionHash: receipt.hash,
  };
  log(`EnergyMarketplace deployed at ${deployment.address} in block ${deployment.deployedOnBlock}`);
  return deployment;
}

function sameAbi(a: readonly unknown[], b: readonly unknown[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Deploys Community(treasury, operator, coins issued at genesis), signed by `deployer`.
 * A community's genesis funds the treasury alone, so nothing is issued yet.
 */
export async function deployCommunity(
  deployer: BaseWallet,
  roles: { treasury: string; operator: string; genesisIssuedWei: bigint },
  log: (line: string) => void,
): Promise<CommunityDeployment> {
  const artifact = loadContractArtifact('Community');
  const factory = new ContractFactory(artifact.abi as never[], artifact.bytecode, deployer);
  const contract = await factory.deploy(roles.treasury, roles.operator, roles.genesisIssuedWei);
  const receipt = await contract.deploymentTransaction()!.wait();
  if (!receipt || receipt.status !== 1) throw new Error('the Community deployment transaction failed');
  const community: CommunityDeployment = {
    address: await contract.getAddress(),
    abi: artifact.abi,
    deployedOnBlock: receipt.blockNumber,
    treasury: roles.treasury,
    transactionHash: receipt.hash,
  };
  log(`Community deployed at ${community.address} in block ${community.deployedOnBlock}`);
  return community;
}

async function deployDemoOrMissingCommunity(
  profile: CommunityProfile,
  operator: BaseWallet,
  log: (line: string) => void,
): Promise<CommunityDeployment> {
  if (profile.mode === 'community') {
    // init deployed it; a data folder that lost it gets a new, empty directory (the treasury stays).
    log('no Community contract on this chain: deploying a new, empty one');
    return deployCommunity(operator, { treasury: profile.treasury, operator: operator.address, genesisIssuedWei: 0n }, log);
  }
  // The demo: the operator stands in for the treasury, and the development accounts' genesis
  // coins count as issued, so cash-outs and the treasury page work as in a community.
  const community = await deployCommunity(
    operator,
    { treasury: operator.address, operator: operator.address, genesisIssuedWei: parseEther(String(DEV_ACCOUNT_COUNT * DEV_BALANCE_ETH)) },
    log,
  );
  const contract = new Contract(community.address, community.abi as never[], operator);
  // Asked of the chain itself: ethers answers a getNonce within 250 ms of the deployment's own from its cache.
  let nonce = Number(await (operator.provider as JsonRpcProvider).send('eth_getTransactionCount', [operator.address, 'pending']));
  // Sent one after another without waiting for each: instamine mines each as it arrives.
  const sent = [];
  for (const [index, account] of DEV_ACCOUNTS.entries()) {
    // A set gas limit: estimating each against a chain busy mining the previous one can fail spuriously.
    sent.push(await contract.addHousehold(account.address, demoHouseholdName(index), { nonce: nonce++, gasLimit: DEMO_HOUSEHOLD_GAS }));
  }
  await Promise.all(sent.map((tx) => tx.wait()));
  log(`the ${DEV_ACCOUNTS.length} development accounts are named ${demoHouseholdName(0)} to ${demoHouseholdName(DEV_ACCOUNTS.length - 1)}`);
  return community;
}

async function fundDemoOperator(provider: JsonRpcProvider, operator: BaseWallet, log: (line: string) => void) {
  await fundDemoAccount(provider, operator.address, 'meter operator', log);
}

async function fundDemoAccount(provider: JsonRpcProvider, address: string, role: string, log: (line: string) => void) {
  const balance = await provider.getBalance(address);
  if (balance >= OPERATOR_MIN_BALANCE) return;
  const funder = new Wallet(DEV_ACCOUNTS[0].privateKey, provider);
  const tx = await funder.sendTransaction({ to: address, value: OPERATOR_TOP_UP });
  await tx.wait();
  log(`${role} ${address} funded with ${formatEther(OPERATOR_TOP_UP)} ETH from account 0`);
}

async function warnIfOperatorLow(provider: JsonRpcProvider, operator: BaseWallet, profile: CommunityProfile, log: (line: string) => void) {
  const balance = await provider.getBalance(operator.address);
  if (balance >= OPERATOR_LOW_BALANCE) return;
  log(
    `the meter operator ${operator.address} holds ${profile.currency} ${formatEther(balance)}, too little for long: ` +
      `settlements need fees. Top it up: npm run community -- top-up ${operator.address} 10 --note "settlement fees"`,
  );
}
