/**
 * Fills a local chain's market quickly: many orders from several accounts at
 * once, each account's transactions numbered by a NonceManager. Test-only.
 */
import { NonceManager } from 'ethers';

import type { LocalChain } from './local-chain';

export interface SeedOrder {
  /** Index of the trading account that posts it. */
  readonly account: number;
  readonly kind: 'offer' | 'request';
  readonly quantityMilliWh: bigint;
  readonly unitPrice: bigint;
}

export async function seedMarket(chain: LocalChain, orders: readonly SeedOrder[]): Promise<void> {
  const signers = new Map<number, NonceManager>();
  const signer = (account: number) => {
    if (!signers.has(account)) signers.set(account, new NonceManager(chain.accounts[account]));
    return signers.get(account)!;
  };
  const sent = orders.map(async (order) => {
    const marketplace = chain.marketplace(signer(order.account));
    const tx =
      order.kind === 'offer'
        ? await marketplace.createOffer(order.quantityMilliWh, order.unitPrice)
        : await marketplace.createRequest(order.quantityMilliWh, order.unitPrice, { value: order.quantityMilliWh * order.unitPrice });
    return tx.wait();
  });
  await Promise.all(sent);
}
