/**
 * Fills a local chain's market quickly: every transaction is signed up front
 * (own nonces, fixed gas, no estimate round trips) and all of them are sent in
 * JSON-RPC batches, so hundreds of orders take seconds, not minutes. Test-only.
 */
import { Interface, JsonRpcProvider, type Wallet } from 'ethers';

import type { LocalChain } from './local-chain';

export interface SeedOrder {
  /** Index of the trading account that posts it. */
  readonly account: number;
  readonly kind: 'offer' | 'request';
  readonly quantityMilliWh: bigint;
  readonly unitPrice: bigint;
}

/** Above what createOffer / createRequest use (about 100k); unused gas is not charged. */
const GAS_PER_ORDER = 250_000n;
const BATCH = 100;

export async function seedMarket(chain: LocalChain, orders: readonly SeedOrder[]): Promise<void> {
  const iface = new Interface(chain.config.marketplace.abi as string[]);
  const provider = new JsonRpcProvider(chain.rpcUrl, chain.config.chainId, { staticNetwork: true, batchMaxCount: BATCH, cacheTimeout: -1 });
  try {
    const nonces = new Map<number, number>();
    const nonceOf = async (account: number) => {
      if (!nonces.has(account)) nonces.set(account, await provider.getTransactionCount(chain.accounts[account].address, 'pending'));
      const nonce = nonces.get(account)!;
      nonces.set(account, nonce + 1);
      return nonce;
    };
    const signed: string[] = [];
    for (const order of orders) {
      const signer: Wallet = chain.accounts[order.account];
      const request = order.kind === 'request';
      signed.push(
        await signer.signTransaction({
          type: 2,
          chainId: chain.config.chainId,
          nonce: await nonceOf(order.account),
          to: chain.config.marketplace.address,
          data: iface.encodeFunctionData(request ? 'createRequest' : 'createOffer', [order.quantityMilliWh, order.unitPrice]),
          value: request ? order.quantityMilliWh * order.unitPrice : 0n,
          gasLimit: GAS_PER_ORDER,
          maxFeePerGas: 10_000_000_000n,
          maxPriorityFeePerGas: 1_000_000_000n,
        }),
      );
    }
    let last = '';
    for (let start = 0; start < signed.length; start += BATCH) {
      const hashes = await Promise.all(signed.slice(start, start + BATCH).map((raw) => provider.send('eth_sendRawTransaction', [raw])));
      last = hashes[hashes.length - 1] as string;
    }
    if (last) {
      const receipt = await provider.waitForTransaction(last, 1, 60_000);
      if (receipt?.status !== 1) throw new Error('Seeding the market failed: the last order reverted.');
    }
  } finally {
    provider.destroy();
  }
}
