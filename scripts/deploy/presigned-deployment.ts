/**
 * The contracts' deployment on a network of several servers, signed once at
 * `npm run network -- init` by a one-time deployer key that is then thrown
 * away: the Community contract (the household directory and the money) with
 * the deployer's nonce 0, the EnergyMarketplace (which creates its extension)
 * with nonce 1. Every server holds the same two signed transactions, so the
 * addresses are known before the chain starts, whichever server sends them
 * first deploys them (the same transaction twice is one transaction), and no
 * server needs a key to deploy. The deployer is funded in the genesis with
 * exactly what the two transactions may cost.
 */
import { existsSync, readFileSync } from 'node:fs';

import { ContractFactory, JsonRpcProvider, Network, Transaction, type TransactionReceipt, Wallet, getCreateAddress } from 'ethers';

import { writeJsonAtomic } from '../lib/atomic-write';
import type { DataPaths } from '../lib/data-paths';
import { type ContractName, loadContractArtifact } from './contract-artifacts';
import { type Deployment, readDeployment, writeDeployment } from './deployment-file';

/**
 * Gas each deployment may use: measured 1.3 M (Community) and 5.4 M (the
 * marketplace, with its extension) on geth; the rest is headroom, never paid.
 */
const GAS_LIMITS: Readonly<Record<ContractName, bigint>> = { Community: 3_000_000n, EnergyMarketplace: 12_000_000n };
/** A gwei per gas: above any base fee a young community network reaches. */
const DEPLOY_GAS_PRICE = 1_000_000_000n;

/** One contract's signed creation. */
export interface PresignedContract {
  readonly address: string;
  readonly transactionHash: string;
  readonly rawTransaction: string;
  readonly abi: readonly unknown[];
}

export interface PresignedDeployment {
  readonly chainId: number;
  readonly deployer: string;
  readonly operator: string;
  readonly treasury: string;
  readonly settlementWindowSeconds: number;
  readonly lineLossAllowanceBps: number;
  /** Sent first (nonce 0). */
  readonly community: PresignedContract;
  /** Sent second (nonce 1). */
  readonly marketplace: PresignedContract;
}

export interface DeploymentTerms {
  readonly chainId: number;
  readonly operator: string;
  readonly treasury: string;
  /** Coins held outside the treasury from the genesis on (the Community contract counts them as issued). */
  readonly genesisIssuedWei: bigint;
  readonly settlementWindowSeconds: number;
  readonly lineLossAllowanceBps: number;
}

/** The deployer's address and what it must hold in the genesis, before anything is signed. */
export function newDeployer(): { readonly wallet: Wallet; readonly fundingWei: bigint } {
  const fundingWei = Object.values(GAS_LIMITS).reduce((sum, gas) => sum + gas * DEPLOY_GAS_PRICE, 0n);
  return { wallet: new Wallet(Wallet.createRandom().privateKey), fundingWei };
}

export async function presignDeployment(deployer: Wallet, terms: DeploymentTerms): Promise<PresignedDeployment> {
  const sign = async (name: ContractName, nonce: number, args: readonly unknown[]): Promise<PresignedContract> => {
    const artifact = loadContractArtifact(name);
    const { data } = await new ContractFactory(artifact.abi as never[], artifact.bytecode).getDeployTransaction(...args);
    const rawTransaction = await deployer.signTransaction({
      type: 0,
      chainId: terms.chainId,
      nonce,
      gasLimit: GAS_LIMITS[name],
      gasPrice: DEPLOY_GAS_PRICE,
      data,
      value: 0,
    });
    return {
      address: getCreateAddress({ from: deployer.address, nonce }),
      transactionHash: Transaction.from(rawTransaction).hash!,
      rawTransaction,
      abi: artifact.abi,
    };
  };
  return {
    chainId: terms.chainId,
    deployer: deployer.address,
    operator: terms.operator,
    treasury: terms.treasury,
    settlementWindowSeconds: terms.settlementWindowSeconds,
    lineLossAllowanceBps: terms.lineLossAllowanceBps,
    community: await sign('Community', 0, [terms.treasury, terms.operator, terms.genesisIssuedWei]),
    marketplace: await sign('EnergyMarketplace', 1, [terms.operator, terms.settlementWindowSeconds, terms.lineLossAllowanceBps]),
  };
}

export function writePresignedDeployment(path: string, presigned: PresignedDeployment): void {
  writeJsonAtomic(path, { _generated: 'signed by npm run network -- init; do not edit', ...presigned });
}

export function readPresignedDeployment(path: string): PresignedDeployment {
  if (!existsSync(path)) throw new Error(`${path} is missing: the server's folder is incomplete (npm run network -- init makes it)`);
  const presigned = JSON.parse(readFileSync(path, 'utf8')) as PresignedDeployment;
  if (!presigned.community || !presigned.marketplace) {
    throw new Error(`${path} deploys no Community contract: it was made by an older npm run network -- init; make the network again`);
  }
  return presigned;
}

/**
 * Sends the signed deployments unless they are mined already, waits for them,
 * and writes deployment.json for the gateway, the indexer and the delivery service.
 */
export async function ensurePresignedDeployment(
  chainUrl: string,
  paths: DataPaths,
  presigned: PresignedDeployment,
  log: (line: string) => void,
  timeoutMs = 120_000,
): Promise<Deployment> {
  const saved = readDeployment(paths.deployment, presigned.chainId);
  if (saved?.community && sameAddress(saved.address, presigned.marketplace.address) && sameAddress(saved.community.address, presigned.community.address)) {
    return saved;
  }
  const network = Network.from(presigned.chainId);
  const provider = new JsonRpcProvider(chainUrl, network, { staticNetwork: network, pollingInterval: 500 });
  try {
    const until = Date.now() + timeoutMs;
    const receipts = { community: undefined as TransactionReceipt | undefined, marketplace: undefined as TransactionReceipt | undefined };
    let sent = false;
    for (;;) {
      for (const which of ['community', 'marketplace'] as const) {
        receipts[which] ??= (await receiptOf(provider, presigned[which].transactionHash)) ?? undefined;
      }
      if (receipts.community && receipts.marketplace) break;
      if (!sent) {
        // In nonce order; another server may have sent them already: the node then knows them, which is fine.
        for (const which of ['community', 'marketplace'] as const) {
          if (receipts[which]) continue;
          await provider.send('eth_sendRawTransaction', [presigned[which].rawTransaction]).catch((error: Error) => {
            if (!/already known|nonce too low|known transaction/i.test(error.message)) throw error;
          });
        }
        sent = true;
        log(`deploying Community to ${presigned.community.address} and EnergyMarketplace to ${presigned.marketplace.address}`);
      }
      if (Date.now() > until) throw new Error(`the contracts' deployment was not mined within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    for (const which of ['community', 'marketplace'] as const) {
      const receipt = receipts[which]!;
      if (receipt.status !== 1) throw new Error(`the ${which} contract's deployment ${receipt.hash} failed in block ${receipt.blockNumber}`);
    }
    const deployment: Deployment = {
      chainId: presigned.chainId,
      address: presigned.marketplace.address,
      abi: presigned.marketplace.abi,
      deployedOnBlock: receipts.marketplace!.blockNumber,
      operator: presigned.operator,
      settlementWindowSeconds: presigned.settlementWindowSeconds,
      lineLossAllowanceBps: presigned.lineLossAllowanceBps,
      transactionHash: presigned.marketplace.transactionHash,
      community: {
        address: presigned.community.address,
        abi: presigned.community.abi,
        deployedOnBlock: receipts.community!.blockNumber,
        treasury: presigned.treasury,
        transactionHash: presigned.community.transactionHash,
      },
    };
    writeDeployment(paths.deployment, deployment);
    log(`Community at ${deployment.community!.address}, EnergyMarketplace at ${deployment.address} (block ${deployment.deployedOnBlock})`);
    return deployment;
  } finally {
    provider.destroy();
  }
}

async function receiptOf(provider: JsonRpcProvider, hash: string): Promise<TransactionReceipt | null> {
  return provider.getTransactionReceipt(hash).catch((error: Error) => {
    // A geth that has just started answers so until it has indexed its transactions: ask again.
    if (/indexing is in progress/i.test(error.message)) return null;
    throw error;
  });
}

function sameAddress(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
