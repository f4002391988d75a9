import { Injectable, inject } from '@angular/core';
import { toQuantity } from 'ethers/utils';

import { MARKETPLACE_INTERFACE } from '../chain/marketplace-contract';
import { READ_PROVIDER } from '../chain/read-provider';
import { RUNTIME_CONFIG } from '../config/config.service';
import { AppError } from '../core/app-error';
import { toAppError } from '../core/to-app-error';
import { formatEnergy, formatPricePerKWh } from '../core/units';
import { MarketBook } from './market-book';
import { type MarketOrder, type OrderStruct, toMarketOrder } from './market-order';

/** The chain's words for an order that is gone, as a person would say them. */
export function goneText(order: Pick<MarketOrder, 'kind'>): string {
  return order.kind === 'offer'
    ? 'This offer was bought or cancelled a moment ago; the market has been refreshed.'
    : 'This request was filled or cancelled a moment ago; the market has been refreshed.';
}

/**
 * Before money moves, the chain decides: the order the page showed (from the
 * index) is read from the contract (`getOrder`, through the gateway, at the
 * latest block) and the buy or fill goes ahead only if the chain still holds
 * it as shown, with enough left. Otherwise nothing is sent, the market is
 * read again, and the chain's figures are shown until the index has caught
 * up with them, so a stale or wrong index never makes anyone pay for an
 * order that is gone.
 */
@Injectable({ providedIn: 'root' })
export class OrderOnChain {
  private readonly provider = inject(READ_PROVIDER);
  private readonly iface = inject(MARKETPLACE_INTERFACE);
  private readonly market = inject(MarketBook);
  private readonly address = inject(RUNTIME_CONFIG).marketplace.address;

  /** Resolves when the chain holds `shown` as shown with at least `quantityMilliWh` left; throws an AppError in words otherwise. */
  async confirm(shown: MarketOrder, quantityMilliWh: bigint): Promise<void> {
    const { order, block } = await this.read(shown.id);
    const noun = shown.kind;
    if (order.kind !== shown.kind || order.unitPrice !== shown.unitPrice || order.maker.toLowerCase() !== shown.maker.toLowerCase()) {
      this.market.correct(order, block);
      throw new AppError(
        'changed',
        `The chain holds ${noun} #${shown.id} differently from what the page showed (${order.kind} at ${formatPricePerKWh(order.unitPrice)}); ` +
          'nothing was sent and the market has been refreshed. Check it and try again.',
      );
    }
    if (order.remainingMilliWh === 0n) {
      this.market.correct(order, block);
      throw new AppError('changed', goneText(shown));
    }
    if (order.remainingMilliWh < quantityMilliWh) {
      this.market.correct(order, block);
      throw new AppError(
        'changed',
        `Only ${formatEnergy(order.remainingMilliWh)} of ${noun} #${shown.id} remain${order.remainingMilliWh === 1n ? 's' : ''} now ` +
          `(${noun === 'offer' ? 'bought' : 'filled'} a moment ago); nothing was sent and the market has been refreshed.`,
      );
    }
  }

  /** The order at the chain's latest block: the block first, then the view at exactly that block. */
  private async read(id: bigint): Promise<{ order: MarketOrder; block: number }> {
    try {
      const block = Number(await this.provider.send('eth_blockNumber', []));
      const data = (await this.provider.send('eth_call', [
        { to: this.address, data: this.iface.encodeFunctionData('getOrder', [id]) },
        toQuantity(block),
      ])) as string;
      const [struct] = this.iface.decodeFunctionResult('getOrder', data);
      return { order: toMarketOrder(struct as OrderStruct), block };
    } catch (error) {
      throw toAppError(error, { decoder: this.iface, context: { orderNoun: 'order' } });
    }
  }
}
