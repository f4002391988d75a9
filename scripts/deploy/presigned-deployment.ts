/**
 * The marketplace's deployment on a network of several servers, signed once
 * at `npm run network -- init` by a one-time deployer key that is then thrown
 * away. Every server holds the same signed transaction, so the contract's
 * address is known before the chain starts, whichever server sends it first
 * deploys it (the same transaction twice is one transaction), and no server
 * needs a key to deploy. The deployer is funded in the genesis with exactly
 * what the transaction may cost.
 */
import { existsSync, readFileSync } from 'node:fs';

import { ContractFactory, JsonRpcProvider, Network, Transaction, Wallet, getCreateAddress } from 'ethers';

import { writeJsonAtomic } from '../lib/atomic-write';
import type { DataPaths } from '../lib/data-paths';
import { type Deployment, readDeployment, writeDeployment } from './deployment-file';
import { loadMarketplaceArtifact } from './marketplace-artifact';

/** A deployment's gas stays far below this (the contract is under 24 kB). */
const DEPLOY_GAS_LIMIT = 6_000_000n;
/** A gwei per gas: above any base fee a young community network reaches. */
const DEPLOY_GAS_PRICE = 1_000_000_000n;

export interface PresignedDeployment {
  readonly chainId: number;
  readonly address: string;
  readonly transactionHash: string;
  readonly rawTransaction: string;
  readonly deployer: string;
  readonly operator: string;
  readonly settlementWindowSeconds: number;
  readonly abi: readonly unknown[];
}

export async function presignDeployment(chainId: number, operator: string, settlementWindowSeconds: number): Promise<PresignedDeployment> {
  const artifact = loadMarketplaceArtifact();
  const deployer = Wallet.createRandom();
  const factory = new ContractFactory(artifact.abi as never[], artifact.bytecode);
  const { data } = await factory.getDeployTransaction(operator, settlementWindowSeconds);
  const rawTransaction = await deployer.signTransaction({
    type: 0,
    chainId,
    nonce: 0,
    gasLimit: DEPLOY_GAS_LIMIT,
    gasPrice: DEPLOY_GAS_PRICE,
    data,
    value: 0,
  });
  return {
    chainId,
    address: getCreateAddress({ from: deployer.address, nonce: 0 }),
    transactionHash: Transaction.from(rawTransaction).hash!,
    rawTransaction,
    deployer: deployer.address,
    operator,
    settlementWindowSeconds,
    abi: artifact.abi,
  };
}

/** What the deployer must hold in the genesis. */
export function deployerFundingWei(): bigint {
  return DEPLOY_GAS_LIMIT * DEPLOY_GAS_PRICE;
}

export function writePresignedDeployment(path: string, presigned: PresignedDeployment): void {
  writeJsonAtomic(path, presigned);
}

export function readPresignedDeployment(path: string): PresignedDeployment {
  if (!existsSync(path)) throw new Error(`${path} is missing: the server's folder is incomplete (npm run network -- init makes it)`);
  return JSON.parse(readFileSync(path, 'utf8')) as PresignedDeployment;
}

/**
 * Sends the signed deployment unless the contract is already there, waits for
 * it, and writes deployment.json for the gateway and the delivery service.
 */
export async function ensurePresignedDeployment(
  chainUrl: string,
  paths: DataPaths,
  presigned: PresignedDeployment,
  log: (line: string) => void,
  timeoutMs = 120_000,
): Promise<Deployment> {
  const saved = readDeployment(paths.deployment, presigned.chainId);
  if (saved && saved.address.toLowerCase() === presigned.address.toLowerCase()) return saved;
  const network = Network.from(presigned.chainId);
  const provider = new JsonRpcProvider(chainUrl, network, { staticNetwork: network, pollingInterval: 500 });
  try {
    const until = Date.now() + timeoutMs;
    let sent = false;
    for (;;) {
      const receipt = await provider.getTransactionReceipt(presigned.transactionHash).catch((error: Error) => {
        // A geth that has just started answers so until it has indexed its transactions: ask again.
        if (/indexing is in progress/i.test(error.message)) return null;
        throw error;
      });
      if (receipt) {
        if (receipt.status !== 1) throw new Error(`the marketplace's deployment ${presigned.transactionHash} failed in block ${receipt.blockNumber}`);
        const deployment: Deployment = {
          chainId: presigned.chainId,
          address: presigned.address,
          abi: presigned.abi,
          deployedOnBlock: receipt.blockNumber,
          operator: presigned.operator,
          settlementWindowSeconds: presigned.settlementWindowSeconds,
          transactionHash: presigned.transactionHash,
        };
        writeDeployment(paths.deployment, deployment);
        log(`EnergyMarketplace at ${deployment.address} (deployed in block ${deployment.deployedOnBlock})`);
        return deployment;
      }
      if (!sent) {
        // Another server may have sent it already: the node then knows it, which is fine.
        await provider.send('eth_sendRawTransaction', [presigned.rawTransaction]).catch((error: Error) => {
          if (!/already known|nonce too low|known transaction/i.test(error.message)) throw error;
        });
        sent = true;
        log(`deploying EnergyMarketplace to ${presigned.address} (transaction ${presigned.transactionHash})`);
      }
      if (Date.now() > until) throw new Error(`the marketplace's deployment was not mined within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    provider.destroy();
  }
}
