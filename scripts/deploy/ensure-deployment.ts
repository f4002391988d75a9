/**
 * Deploys EnergyMarketplace once; after a restart finds it on the persisted
 * chain (data/deployment.json + code at that address) and reuses it, so the
 * market, its trades and its history survive.
 */
import { ContractFactory, JsonRpcProvider, Network, Wallet, formatEther, parseEther } from 'ethers';

import { DEV_ACCOUNTS } from '../chain/dev-accounts';
import type { DataPaths } from '../lib/data-paths';
import { DEFAULT_LINE_LOSS_ALLOWANCE_BPS } from '../lib/service-config';
import { type Deployment, readDeployment, writeDeployment } from './deployment-file';
import { type MarketplaceArtifact, loadMarketplaceArtifact } from './marketplace-artifact';
import { loadOrCreateOperatorKey } from './operator-key';

/** Settlement gas comes from the operator's balance: topped up from account 0 below this. */
const OPERATOR_MIN_BALANCE = parseEther('5');
const OPERATOR_TOP_UP = parseEther('20');

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
  const probe = new JsonRpcProvider(options.chainUrl);
  const chainId = Number((await probe.getNetwork()).chainId);
  probe.destroy();
  const network = Network.from(chainId);
  // Instamine answers at once: poll receipts every 50 ms, not ethers' default 4 s.
  const provider = new JsonRpcProvider(options.chainUrl, network, { staticNetwork: network, pollingInterval: 50 });
  try {
    const operator = loadOrCreateOperatorKey(options.paths.operatorKey).connect(provider);
    await topUpOperator(provider, operator, log);

    const artifact = loadMarketplaceArtifact();
    const saved = readDeployment(options.paths.deployment, chainId);
    if (saved && !sameAbi(saved.abi, artifact.abi)) {
      // The saved contract speaks another interface than this code: the services cannot drive it.
      log(`the EnergyMarketplace at ${saved.address} is an older version (its interface differs): deploying anew`);
    } else if (saved && (await provider.getCode(saved.address)) === '0x') {
      log(`no contract at the saved address ${saved.address} on this chain: deploying anew`);
    } else if (saved) {
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
      return saved;
    }
    return await deploy(chainId, operator, artifact, options, log);
  } finally {
    provider.destroy();
  }
}

async function deploy(
  chainId: number,
  operator: Wallet,
  artifact: MarketplaceArtifact,
  options: EnsureDeploymentOptions,
  log: (line: string) => void,
): Promise<Deployment> {
  const lineLossAllowanceBps = options.lineLossAllowanceBps ?? DEFAULT_LINE_LOSS_ALLOWANCE_BPS;
  const factory = new ContractFactory(artifact.abi as never[], artifact.bytecode, operator);
  const contract = await factory.deploy(operator.address, options.settlementWindowSeconds, lineLossAllowanceBps);
  const receipt = await contract.deploymentTransaction()!.wait();
  if (!receipt || receipt.status !== 1) throw new Error('the deployment transaction failed');
  const deployment: Deployment = {
    chainId,
    address: await contract.getAddress(),
    abi: artifact.abi,
    deployedOnBlock: receipt.blockNumber,
    operator: operator.address,
    settlementWindowSeconds: options.settlementWindowSeconds,
    lineLossAllowanceBps,
    transactionHash: receipt.hash,
  };
  writeDeployment(options.paths.deployment, deployment);
  log(`EnergyMarketplace deployed at ${deployment.address} in block ${deployment.deployedOnBlock}`);
  return deployment;
}

function sameAbi(a: readonly unknown[], b: readonly unknown[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function topUpOperator(provider: JsonRpcProvider, operator: Wallet, log: (line: string) => void) {
  const balance = await provider.getBalance(operator.address);
  if (balance >= OPERATOR_MIN_BALANCE) return;
  const funder = new Wallet(DEV_ACCOUNTS[0].privateKey, provider);
  const tx = await funder.sendTransaction({ to: operator.address, value: OPERATOR_TOP_UP });
  await tx.wait();
  log(`meter operator ${operator.address} funded with ${formatEther(OPERATOR_TOP_UP)} ETH from account 0`);
}
