/** Trading on the real contract, as a wallet would: offers, buys, and what the chain says about them. */
import assert from 'node:assert/strict';

import type { ContractTransactionReceipt, ContractTransactionResponse, EventLog, TransactionReceipt } from 'ethers';

import { getTradeReport } from '../../../scripts/delivery/node-client';
import { type NodeTradeReport, parseTradeReport } from '../../../src/app/nodes/node-protocol';
import { type Metering, meteringOf } from '../../../src/app/trades/trade-stage';
import { waitFor } from '../wait-for';
import { type TestSystem, emulatorUrl } from './test-system';

export interface Receipted {
  readonly receipt: TransactionReceipt;
  /** Wei the sender paid in gas. */
  readonly gasWei: bigint;
}

async function mined(tx: Promise<ContractTransactionResponse>): Promise<Receipted> {
  const receipt = (await (await tx).wait()) as ContractTransactionReceipt;
  return { receipt, gasWei: receipt.gasUsed * receipt.gasPrice };
}

export async function createOffer(system: TestSystem, seller: number, quantityMilliWh: number, unitPrice: bigint) {
  const market = system.marketplace(system.wallet(seller));
  const result = await mined(market.createOffer(quantityMilliWh, unitPrice, { nonce: await system.nonce(seller) }));
  const event = result.receipt.logs
    .map((log) => market.interface.parseLog(log))
    .find((parsed) => parsed?.name === 'OfferCreated')!;
  return { ...result, offerId: Number(event.args.offerId) };
}

export async function buy(system: TestSystem, buyer: number, offerId: number, quantityMilliWh: number, unitPrice: bigint) {
  const market = system.marketplace(system.wallet(buyer));
  const result = await mined(
    market.buy(offerId, quantityMilliWh, { value: BigInt(quantityMilliWh) * unitPrice, nonce: await system.nonce(buyer) }),
  );
  const event = result.receipt.logs
    .map((log) => market.interface.parseLog(log))
    .find((parsed) => parsed?.name === 'TradeOpened')!;
  return { ...result, tradeId: Number(event.args.tradeId), deadline: Number(event.args.deadline), blockNumber: result.receipt.blockNumber };
}

export interface Settlement {
  /** What the seller was paid for: received, never more than sent (one-sided: sent). */
  readonly deliveredMilliWh: number;
  readonly sellerAmountWei: bigint;
  readonly buyerRefundWei: bigint;
  /** Both meters' figures as the event carries them (capped at the quantity; received 0 when one-sided). */
  readonly sentMilliWh: number;
  readonly receivedMilliWh: number;
  readonly metering: Metering;
  readonly blockNumber: number;
}

/** Every TradeSettled event of a trade (a trade settled twice would show two). */
export async function settlementsOf(system: TestSystem, tradeId: number): Promise<Settlement[]> {
  const market = system.marketplace();
  const events = (await market.queryFilter(market.filters.TradeSettled(tradeId), 0, 'latest')) as EventLog[];
  return events.map((event) => ({
    deliveredMilliWh: Number(event.args.deliveredMilliWh),
    sellerAmountWei: event.args.sellerAmountWei,
    buyerRefundWei: event.args.buyerRefundWei,
    sentMilliWh: Number(event.args.sentMilliWh),
    receivedMilliWh: Number(event.args.receivedMilliWh),
    metering: meteringOf(event.args.metering),
    blockNumber: event.blockNumber,
  }));
}

export async function waitForSettlement(system: TestSystem, tradeId: number, timeoutMs = 60_000): Promise<Settlement> {
  const [settlement] = await waitFor(async () => {
    const settlements = await settlementsOf(system, tradeId);
    return settlements.length > 0 && settlements;
  }, { what: `trade #${tradeId} settled`, timeoutMs, intervalMs: 200 });
  return settlement;
}

export async function balance(system: TestSystem, account: number): Promise<bigint> {
  return system.provider.getBalance(system.wallet(account).address);
}

/** The node's own account of a trade (GET /api/trades/{id} on the emulator), signed over a fresh nonce. */
export async function nodeTrade(system: TestSystem, node: number, tradeId: number): Promise<NodeTradeReport> {
  const { secret } = system.nodes[node];
  const answer = await getTradeReport(emulatorUrl(system.nodes[node]), secret, tradeId);
  if (answer.status !== 200) throw new Error(`node answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  assert.ok(answer.verified, 'the report is signed by the node over our nonce');
  return parseTradeReport(answer.body);
}

/**
 * What the settlement must be, from the two nodes' own signed reports: the
 * seller paid for what the buyer's node received, never more than the
 * seller's node sent, capped at the traded quantity.
 */
export async function expectedDelivery(system: TestSystem, trade: { tradeId: number }, seller: number, buyer: number, quantityMilliWh: number) {
  const sent = Math.min((await nodeTrade(system, seller, trade.tradeId)).deliveredMilliWh, quantityMilliWh);
  const received = Math.min((await nodeTrade(system, buyer, trade.tradeId)).deliveredMilliWh, quantityMilliWh);
  const allowanceBps = system.config.deploy.lineLossAllowanceBps;
  // As the contract judges it: disputed when received < sent x (1 - allowance).
  const metering: Metering = received * 10_000 < sent * (10_000 - allowanceBps) ? 'disputed' : 'two-sided';
  return { sent, received, delivered: Math.min(sent, received), metering };
}

/** Asserts that a settlement is what the two nodes' signed reports say it must be. */
export async function assertSettledOnMeters(
  system: TestSystem,
  settlement: Settlement,
  trade: { tradeId: number },
  seller: number,
  buyer: number,
  quantityMilliWh: number,
  unitPrice: bigint,
) {
  const expected = await expectedDelivery(system, trade, seller, buyer, quantityMilliWh);
  assert.deepEqual(
    { sent: settlement.sentMilliWh, received: settlement.receivedMilliWh, delivered: settlement.deliveredMilliWh, metering: settlement.metering },
    { sent: expected.sent, received: expected.received, delivered: expected.delivered, metering: expected.metering },
    'settled on both meters',
  );
  assert.equal(settlement.sellerAmountWei, BigInt(expected.delivered) * unitPrice);
  assert.equal(settlement.buyerRefundWei, BigInt(quantityMilliWh - expected.delivered) * unitPrice);
  return expected;
}
