import { type LocalChain, startLocalChain } from '../../testing/local-chain';
import type { EventPlace, MarketEvent } from '../chain/market-event';
import { formatUtc } from '../core/time-format';
import { shortHex } from './explorer-links';
import { ExplorerReader, type TransactionDetails } from './explorer-reader';
import { phraseText } from './market-wording';
import { countingReadProvider } from './testing/counting-read-provider';
import {
  AGENT_LIMITS,
  type AgentScenario,
  type MarketScenario,
  PRICE_0_20,
  PRICE_0_25,
  PRICE_0_30,
  PRICE_1_00,
  SETTLEMENT_WINDOW_SECONDS,
  playAgentScenario,
  playMarketScenario,
} from './testing/market-scenario';

/** Every EnergyMarketplace event, emitted by real trades on a real chain, read back through the explorer. */
// A real chain shares two cores with the rest of the suite: give it time rather than flake.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 120_000 });

describe('EnergyMarketplace events in the explorer', () => {
  let chain: LocalChain;
  let s: MarketScenario;
  let agents: AgentScenario;
  let reader: ExplorerReader;
  const seen = new Set<string>();

  const read = async (hash: string): Promise<TransactionDetails> => {
    const details = await reader.transaction(hash);
    for (const e of details.events) seen.add(e.event.type);
    return details;
  };
  /** The i-th decoded event's own fields, once its place is checked against the transaction and its raw log. */
  const fieldsOf = (details: TransactionDetails, i: number): Omit<MarketEvent, keyof EventPlace> => {
    const { blockNumber, transactionHash, logIndex, ...fields } = details.events[i].event;
    expect({ blockNumber, transactionHash, logIndex }).toEqual({
      blockNumber: details.tx.blockNumber,
      transactionHash: details.tx.hash,
      logIndex: details.logs[i].logIndex,
    });
    return fields;
  };
  const only = async (hash: string): Promise<{ event: Omit<MarketEvent, keyof EventPlace>; text: string; details: TransactionDetails }> => {
    const details = await read(hash);
    expect(details.events).toHaveLength(1);
    return { event: fieldsOf(details, 0), text: phraseText(details.events[0].phrase), details };
  };
  const blockTime = async (details: TransactionDetails) => details.timestamp!;
  const short = (address: string) => shortHex(address);

  beforeAll(async () => {
    chain = await startLocalChain({ settlementWindowSeconds: SETTLEMENT_WINDOW_SECONDS });
    s = await playMarketScenario(chain);
    agents = await playAgentScenario(chain);
    reader = new ExplorerReader(countingReadProvider(chain.config).provider, chain.config.marketplace);
  });
  afterAll(() => chain?.stop());

  it('decodes OfferCreated field by field and says who offered what at which price', async () => {
    const { event, text, details } = await only(s.tx.createOffer);
    expect(event).toEqual({ type: 'OfferCreated', orderId: 1n, maker: s.seller, quantityMilliWh: 2_500_000n, unitPrice: PRICE_0_20 });
    expect(text).toBe(`${short(s.seller)} offered 2.5 kWh at ETH 0.20 per kWh (offer #1)`);
    expect(details.call).toEqual({ name: 'createOffer', summary: 'Offer 2.5 kWh at ETH 0.20 per kWh' });
    expect(details.status).toBe('success');
  });

  it('decodes TradeOpened of a buy and says who bought how much of which offer for how much', async () => {
    const { event, text, details } = await only(s.tx.buy);
    const deadline = BigInt((await blockTime(details)) + SETTLEMENT_WINDOW_SECONDS);
    expect(event).toEqual({
      type: 'TradeOpened',
      tradeId: 1n,
      buyer: s.buyer,
      seller: s.seller,
      orderId: 1n,
      quantityMilliWh: 1_000_000n,
      amountWei: 200_000_000_000_000_000n,
      deadline,
    });
    expect(text).toBe(
      `${short(s.buyer)} bought 1 kWh of offer #1 from ${short(s.seller)} for ETH 0.20 (trade #1), ` +
        `held in escrow until the delivery is settled; reclaimable from ${formatUtc(Number(deadline))}`,
    );
    expect(details.call?.summary).toBe('Buy 1 kWh of offer #1, paying ETH 0.20');
    expect(details.tx.value).toBe(200_000_000_000_000_000n);
  });

  it('decodes RequestCreated and says how much was asked for and escrowed', async () => {
    const { event, text } = await only(s.tx.createRequest);
    expect(event).toEqual({ type: 'RequestCreated', orderId: 2n, maker: s.requester, quantityMilliWh: 500_000n, unitPrice: PRICE_0_30 });
    expect(text).toBe(`${short(s.requester)} asked for 500 Wh at ETH 0.30 per kWh, escrowing ETH 0.15 (request #2)`);
  });

  it('decodes TradeOpened of a fill and tells it from a buy', async () => {
    const { event, text, details } = await only(s.tx.fill);
    const deadline = BigInt((await blockTime(details)) + SETTLEMENT_WINDOW_SECONDS);
    expect(event).toEqual({
      type: 'TradeOpened',
      tradeId: 2n,
      buyer: s.requester,
      seller: s.seller,
      orderId: 2n,
      quantityMilliWh: 200_000n,
      amountWei: 60_000_000_000_000_000n,
      deadline,
    });
    expect(text).toBe(
      `${short(s.seller)} sold 200 Wh to ${short(s.requester)}, filling request #2, for ETH 0.06 (trade #2), ` +
        `held in escrow until the delivery is settled; reclaimable from ${formatUtc(Number(deadline))}`,
    );
  });

  it('decodes TradeSettled and says what both meters measured, what was paid and refunded', async () => {
    const { event, text, details } = await only(s.tx.settle);
    expect(event).toEqual({
      type: 'TradeSettled',
      tradeId: 1n,
      buyer: s.buyer,
      seller: s.seller,
      deliveredMilliWh: 972_000n,
      sellerAmountWei: 194_400_000_000_000_000n,
      buyerRefundWei: 5_600_000_000_000_000n,
      sentMilliWh: 1_000_000n,
      receivedMilliWh: 972_000n,
      metering: 0n,
    });
    expect(text).toBe(
      `The meter operator settled trade #1: sent 1.000 kWh, received 0.972 kWh; seller ${short(s.seller)} paid ETH 0.1944 for 0.972 kWh, ` +
        `buyer ${short(s.buyer)} refunded ETH 0.0056`,
    );
    expect(details.tx.from).toBe(chain.operator.address);
    expect(details.fromIsOperator).toBe(true);
    expect(details.call?.summary).toBe('Settle trade #1: sent 1.000 kWh, received 0.972 kWh');
  });

  it('decodes OfferCancelled with what remained', async () => {
    const { event, text } = await only(s.tx.cancelOffer);
    expect(event).toEqual({ type: 'OfferCancelled', orderId: 1n, maker: s.seller, remainingMilliWh: 1_500_000n });
    expect(text).toBe(`${short(s.seller)} cancelled offer #1, withdrawing the 1.5 kWh that remained`);
  });

  it('decodes RequestCancelled with what remained and the refund', async () => {
    const { event, text } = await only(s.tx.cancelRequest);
    expect(event).toEqual({ type: 'RequestCancelled', orderId: 2n, maker: s.requester, remainingMilliWh: 300_000n, refundWei: 90_000_000_000_000_000n });
    expect(text).toBe(`${short(s.requester)} cancelled request #2 with 300 Wh still wanted and got ETH 0.09 back from escrow`);
  });

  it('decodes TradeReclaimed after the deadline', async () => {
    const { event, text } = await only(s.tx.reclaim);
    expect(event).toEqual({ type: 'TradeReclaimed', tradeId: 2n, buyer: s.requester, seller: s.seller, amountWei: 60_000_000_000_000_000n });
    expect(text).toBe(`${short(s.requester)} reclaimed ETH 0.06 from trade #2 with ${short(s.seller)}: it was not settled before its deadline`);
  });

  it('decodes a settlement whose push failed: TradeSettled then PaymentDeferred, in log order', async () => {
    const details = await read(s.tx.deferredSettle);
    expect(details.events.map((e) => e.event.type)).toEqual(['TradeSettled', 'PaymentDeferred']);
    expect(fieldsOf(details, 0)).toEqual({
      type: 'TradeSettled',
      tradeId: 3n,
      buyer: s.receiverBuyer,
      seller: s.receiver,
      deliveredMilliWh: 1_000n,
      sellerAmountWei: 1_000n * PRICE_1_00,
      buyerRefundWei: 0n,
      sentMilliWh: 1_000n,
      receivedMilliWh: 0n,
      metering: 2n,
    });
    expect(phraseText(details.events[0].phrase)).toBe(
      `The meter operator settled trade #3: sent 1.000 Wh, one-sided (the buyer has no meter); seller ${short(s.receiver)} paid ETH 0.001 for 1.000 Wh, ` +
        `buyer ${short(s.receiverBuyer)} refunded ETH 0.00`,
    );
    expect(fieldsOf(details, 1)).toEqual({ type: 'PaymentDeferred', payee: s.receiver, amountWei: 1_000_000_000_000_000n });
    expect(phraseText(details.events[1].phrase)).toBe(
      `A payment of ETH 0.001 to ${short(s.receiver)} could not be pushed, so the marketplace credited it for withdrawal`,
    );
    expect(details.logs.map((l) => l.logIndex)).toEqual(details.events.map((e) => e.log.logIndex));
  });

  it('decodes Withdrawn, emitted for a contract account that calls through its own contract', async () => {
    const { event, text, details } = await only(s.tx.withdraw);
    expect(event).toEqual({ type: 'Withdrawn', payee: s.receiver, amountWei: 1_000_000_000_000_000n });
    expect(text).toBe(`${short(s.receiver)} withdrew ETH 0.001 of credited payments`);
    // The transaction went to the receiver contract, not the marketplace: no marketplace call to read, events still decoded.
    expect(details.toIsMarketplace).toBe(false);
    expect(details.call).toBeNull();
  });

  describe('of a household\'s automatic-trading agent', () => {
    const ETH = 1_000_000_000_000_000_000n;

    it('decodes AgentAuthorized with its limits and says what the agent may do', async () => {
      const { event, text, details } = await only(agents.tx.authorize);
      expect(event).toEqual({ type: 'AgentAuthorized', household: agents.household, agent: agents.agent, limits: AGENT_LIMITS });
      expect(text).toBe(
        `${short(agents.household)} authorized ${short(agents.agent)} to trade for it automatically: ` +
          'it pays at most ETH 0.30 per kWh, buys at most 2 kWh and spends at most ETH 0.50 a day; ' +
          'it sells at no less than ETH 0.20 per kWh and at most 3 kWh a day',
      );
      expect(details.call?.summary).toBe(
        `Authorize agent ${short(agents.agent)} to trade automatically: ` +
          'it pays at most ETH 0.30 per kWh, buys at most 2 kWh and spends at most ETH 0.50 a day; ' +
          'it sells at no less than ETH 0.20 per kWh and at most 3 kWh a day',
      );
    });

    it('decodes AgentBudgetDeposited with the budget after it', async () => {
      const { event, text, details } = await only(agents.tx.deposit);
      expect(event).toEqual({ type: 'AgentBudgetDeposited', household: agents.household, amountWei: ETH / 2n, budgetWei: ETH / 2n });
      expect(text).toBe(`${short(agents.household)} deposited ETH 0.50 in its agent's budget, which now holds ETH 0.50`);
      expect(details.call?.summary).toBe("Deposit ETH 0.50 in the agent's budget");
    });

    it('decodes an order the agent placed: OfferCreated under the household\'s name, then OrderPlacedByAgent', async () => {
      const details = await read(agents.tx.agentOffer);
      expect(details.events.map((e) => e.event.type)).toEqual(['OfferCreated', 'OrderPlacedByAgent']);
      expect(fieldsOf(details, 0)).toEqual({ type: 'OfferCreated', orderId: 5n, maker: agents.household, quantityMilliWh: 1_000_000n, unitPrice: PRICE_0_25 });
      expect(fieldsOf(details, 1)).toEqual({ type: 'OrderPlacedByAgent', orderId: 5n, household: agents.household, agent: agents.agent });
      expect(details.events.map((e) => phraseText(e.phrase))).toEqual([
        `${short(agents.household)} offered 1 kWh at ETH 0.25 per kWh (offer #5)`,
        `Offer #5 was placed for ${short(agents.household)} by its agent ${short(agents.agent)}`,
      ]);
      expect(details.tx.from).toBe(agents.agent);
      expect(details.call?.summary).toBe(`As agent of ${short(agents.household)}: offer 1 kWh at ETH 0.25 per kWh`);
    });

    it('decodes a trade the agent took: TradeOpened with the household as buyer, then TradeOpenedByAgent', async () => {
      const details = await read(agents.tx.agentBuy);
      const deadline = BigInt(details.timestamp! + SETTLEMENT_WINDOW_SECONDS);
      expect(details.events.map((e) => e.event.type)).toEqual(['TradeOpened', 'TradeOpenedByAgent']);
      expect(fieldsOf(details, 0)).toEqual({
        type: 'TradeOpened',
        tradeId: 5n,
        buyer: agents.household,
        seller: s.openSeller,
        orderId: 4n,
        quantityMilliWh: 100_000n,
        amountWei: 100_000n * PRICE_0_25,
        deadline,
      });
      expect(fieldsOf(details, 1)).toEqual({ type: 'TradeOpenedByAgent', tradeId: 5n, household: agents.household, agent: agents.agent });
      expect(details.events.map((e) => phraseText(e.phrase))).toEqual([
        `${short(agents.household)} bought 100 Wh of offer #4 from ${short(s.openSeller)} for ETH 0.025 (trade #5), ` +
          `held in escrow until the delivery is settled; reclaimable from ${formatUtc(Number(deadline))}`,
        `Trade #5 was taken for ${short(agents.household)} by its agent ${short(agents.agent)}`,
      ]);
      expect(details.call?.summary).toBe(`As agent of ${short(agents.household)}: buy 100 Wh of offer #4, paid from its budget`);
      // Paid from the budget: the agent sent no money.
      expect(details.tx.value).toBe(0n);
    });

    it('decodes AgentBudgetWithdrawn with what remains', async () => {
      const { event, text, details } = await only(agents.tx.withdraw);
      expect(event).toEqual({ type: 'AgentBudgetWithdrawn', household: agents.household, amountWei: ETH / 5n, budgetWei: 275_000_000_000_000_000n });
      expect(text).toBe(`${short(agents.household)} took ETH 0.20 back from its agent's budget, which now holds ETH 0.275`);
      expect(details.call?.summary).toBe("Take ETH 0.20 back from the agent's budget");
    });

    it('decodes AgentRevoked and says the agent can no longer trade', async () => {
      const { event, text, details } = await only(agents.tx.revoke);
      expect(event).toEqual({ type: 'AgentRevoked', household: agents.household, agent: agents.agent });
      expect(text).toBe(`${short(agents.household)} revoked its agent ${short(agents.agent)}: from the next block on it can no longer trade for it`);
      expect(details.call?.summary).toBe('Revoke the automatic-trading agent');
    });
  });

  it('has now seen every event the contract declares', () => {
    const declared: string[] = [];
    reader.decoder.iface.forEachEvent((fragment) => declared.push(fragment.name));
    expect([...seen].sort()).toEqual(declared.sort());
  });

  it('keeps the raw logs beside the decoded events: topics and data as the chain returned them', async () => {
    const details = await read(s.tx.openTrade);
    expect(details.logs).toHaveLength(1);
    const log = details.logs[0];
    expect(log.address.toLowerCase()).toBe(chain.config.marketplace.address.toLowerCase());
    expect(log.topics).toHaveLength(4); // signature, tradeId, buyer, seller
    expect(log.topics[0]).toBe(reader.decoder.iface.getEvent('TradeOpened')!.topicHash);
    expect(BigInt(log.topics[1])).toBe(4n);
    expect(BigInt(log.topics[2])).toBe(BigInt(s.openBuyer));
    expect(BigInt(log.topics[3])).toBe(BigInt(s.openSeller));
    // Data holds the four unindexed words: orderId, quantity, amount, deadline.
    expect(log.data).toMatch(/^0x[0-9a-f]{256}$/);
    expect(BigInt(`0x${log.data.slice(2, 66)}`)).toBe(4n);
    expect(BigInt(`0x${log.data.slice(66, 130)}`)).toBe(100_000n);
    expect(BigInt(`0x${log.data.slice(130, 194)}`)).toBe(100_000n * PRICE_0_25);
  });

  it('says why a failed marketplace call failed, in the app’s words for the custom error', async () => {
    const details = await read(s.tx.failedBuy);
    expect(details.status).toBe('failed');
    expect(details.events).toEqual([]);
    expect(details.logs).toEqual([]);
    expect(details.call?.summary).toBe('Buy 1 Wh of offer #1, paying ETH 0.0002');
    expect(details.revertReason).toBe('Nothing remains in offer #1: it was filled or cancelled.');
  });
});
