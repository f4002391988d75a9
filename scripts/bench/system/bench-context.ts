/** What every measurement needs from a running system: its endpoints, the contract, the nodes, signers. */
import { Interface, type Log } from 'ethers';

import type { RunningSystem } from '../../../test/support/system/npm-start';
import type { RuntimeConfig } from '../../../src/app/config/runtime-config';
import { DEV_ACCOUNTS } from '../../chain/dev-accounts';
import { dataPaths } from '../../lib/data-paths';
import { type NodeEntry, readNodeRegistry } from '../../nodes/node-registry';
import { type NodeSecrets, readNodeSecrets } from '../../nodes/node-secrets';
import { ChainObserver } from './chain-observer';
import { JsonRpcHttpClient } from '../../lib/json-rpc';
import { NonceSigner } from './signer';

export const PRICE_WEI_PER_MWH = 1_000_000_000n;

export interface BenchContext {
  /** The gateway, as peers use it. */
  readonly gateway: JsonRpcHttpClient;
  /** Ganache itself on loopback, for the chain's own rate. */
  readonly chain: JsonRpcHttpClient;
  readonly config: RuntimeConfig;
  readonly market: Interface;
  readonly nodes: readonly NodeEntry[];
  /** Each node's HMAC secret by account: trade reports are asked for with a nonce and signed. */
  readonly nodeSecrets: NodeSecrets;
  readonly signers: readonly NonceSigner[];
  readonly observer: ChainObserver;
  readonly gasPrice: bigint;
  /** Offer id of each account's large offer (account i sells through offerIds[i]). */
  offerIds: number[];
}

export async function createBenchContext(system: RunningSystem): Promise<BenchContext> {
  const { config } = system;
  const gateway = new JsonRpcHttpClient(system.rpcUrl);
  const signers = await Promise.all(DEV_ACCOUNTS.map((account) => NonceSigner.create(account.privateKey, gateway)));
  return {
    gateway,
    chain: new JsonRpcHttpClient(system.chainUrl),
    config,
    market: new Interface(config.marketplace.abi as never),
    nodes: readNodeRegistry(dataPaths(system.dataDir).nodes),
    nodeSecrets: readNodeSecrets(dataPaths(system.dataDir).nodeSecrets),
    signers,
    observer: await ChainObserver.open(system.chainPort, config.marketplace.address, config.marketplace.abi),
    gasPrice: BigInt(await gateway.request<string>('eth_gasPrice')),
    offerIds: [],
  };
}

/** Every account lists one large offer to sell from; trades buy small pieces of them. */
export async function createOffers(context: BenchContext, quantityMilliWh: number): Promise<void> {
  const { market, gateway, signers, gasPrice, config } = context;
  const created = market.getEvent('OfferCreated')!;
  context.offerIds = [];
  for (const signer of signers) {
    const raw = await signer.sign({
      to: config.marketplace.address,
      data: market.encodeFunctionData('createOffer', [quantityMilliWh, PRICE_WEI_PER_MWH]),
      gasLimit: 200_000n,
      gasPrice,
    });
    const hash = await gateway.request<string>('eth_sendRawTransaction', [raw]);
    const receipt = await gateway.request<{ logs: Log[] }>('eth_getTransactionReceipt', [hash]);
    const log = receipt.logs.find((l) => l.topics[0] === created.topicHash)!;
    context.offerIds.push(Number(BigInt(log.topics[1])));
  }
}

/** A signed buy of `quantityMilliWh` from `seller`'s offer by `buyer`. */
export function signBuy(context: BenchContext, buyer: number, seller: number, quantityMilliWh: number): Promise<string> {
  return context.signers[buyer].sign({
    to: context.config.marketplace.address,
    data: context.market.encodeFunctionData('buy', [context.offerIds[seller], quantityMilliWh]),
    value: BigInt(quantityMilliWh) * PRICE_WEI_PER_MWH,
    gasLimit: 300_000n,
    gasPrice: context.gasPrice,
  });
}

export async function tradeCount(context: BenchContext): Promise<number> {
  const data = context.market.encodeFunctionData('tradeCount', []);
  return Number(BigInt(await context.gateway.request<string>('eth_call', [{ to: context.config.marketplace.address, data }, 'latest'])));
}
