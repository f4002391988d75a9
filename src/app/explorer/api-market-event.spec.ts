import { getAddress } from 'ethers';

import type { ApiEvent } from '../read-model/api-shapes';
import { marketEventOf } from './api-market-event';

const household = '0x' + 'ab'.repeat(20);
const agent = '0x' + 'cd'.repeat(20);
const place = { blockNumber: 7, logIndex: 2, blockHash: '0x' + '11'.repeat(32), transactionHash: '0x' + '22'.repeat(32), at: 1, contract: '0x' + '33'.repeat(20), orderId: null, tradeId: null };

describe('marketEventOf', () => {
  it('reads the read API’s arguments in ABI order: integers as bigints, addresses checksummed', () => {
    const event: ApiEvent = { ...place, name: 'OfferCreated', args: { offerId: '4', seller: household, quantityMilliWh: '1000000', unitPrice: '250000000000' } };
    expect(marketEventOf(event)).toEqual({
      type: 'OfferCreated',
      orderId: 4n,
      maker: getAddress(household),
      quantityMilliWh: 1_000_000n,
      unitPrice: 250_000_000_000n,
      blockNumber: 7,
      transactionHash: place.transactionHash,
      logIndex: 2,
    });
  });

  it('reads an agent’s limits from their list', () => {
    const event: ApiEvent = { ...place, name: 'AgentAuthorized', args: { household, agent, limits: ['300', '100', '5000', '6000', '70000'] } };
    expect(marketEventOf(event)).toMatchObject({
      type: 'AgentAuthorized',
      household: getAddress(household),
      agent: getAddress(agent),
      limits: { maxBuyPrice: 300n, minSellPrice: 100n, maxBoughtPerDayMilliWh: 5000n, maxSoldPerDayMilliWh: 6000n, maxSpentPerDayWei: 70000n },
    });
  });

  it('is null for an event the marketplace does not declare (the directory’s)', () => {
    expect(marketEventOf({ ...place, name: 'HouseholdAdded', args: { account: household } })).toBeNull();
  });
});
