/** Trading on the real contract, as a wallet would: offers, buys, and what the chain says about them. */
import assert from 'node:assert/strict';

import type { ContractTransactionReceipt, ContractTransactionResponse, EventLog, TransactionReceipt } from 'ethers';

import { getTradeReport } from '../../../scripts/delivery/node-client';
import { type NodeTradeReport, parseTradeReport } from '../../../src/app/nodes/node-protocol';
import { waitFor } from '../wait-for';
import type { TestSystem } from './test-system';

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
  readonly deliveredMilliWh: number;
  readonly sellerAmountWei: bigint;
  readonly buyerRefundWei: bigint;
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
  const { entry, secret } = system.nodes[node];
  const answer = await getTradeReport(entry.url, secret, tradeId);
  if (answer.status !== 200) throw new Error(`node answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  assert.ok(answer.verified, 'the report is signed by the node over our nonce');
  return parseTradeReport(answer.body);
}
