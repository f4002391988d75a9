/**
 * EnergyMarketplace's events into the read model: the book (orders), trades
 * with their settlement or reclaim, a household's trades, the market per
 * quarter hour, and credits awaiting withdrawal.
 */
import type { Row } from '../../lib/read-model/table';
import type { DecodedEvent, EventSource } from '../event-source';
import type { UnitOfWork } from '../unit-of-work';
import { MARKET_TABLES, QUARTER_SECONDS, credits, marketQuarters, orders, tradeParties, trades } from './market-tables';

export interface MarketplaceDeployment {
  readonly address: string;
  readonly abi: readonly unknown[];
  readonly deployedOnBlock: number;
}

/** IEnergyMarketplace.Metering, in its order. */
const METERING = ['two-sided', 'disputed', 'one-sided'] as const;

const int = (event: DecodedEvent, name: string): bigint => event.args[name] as bigint;
const address = (event: DecodedEvent, name: string): string => event.args[name] as string;

async function orderCreated(event: DecodedEvent, store: UnitOfWork, kind: 'offer' | 'request'): Promise<void> {
  const id = int(event, kind === 'offer' ? 'offerId' : 'requestId');
  const maker = address(event, kind === 'offer' ? 'seller' : 'buyer');
  const quantity = int(event, 'quantityMilliWh');
  store.insert(orders.name, {
    id,
    kind,
    maker,
    unit_price: int(event, 'unitPrice'),
    quantity_mwh: quantity,
    remaining_mwh: quantity,
    traded_mwh: 0n,
    trades: 0n,
    status: 'open',
    refund_wei: null,
    created_block: BigInt(event.block.number),
    created_tx: event.transactionHash,
    created_at: BigInt(event.block.timestamp),
    closed_block: null,
    closed_at: null,
    by_agent: 0n,
  });
  store.recordEvent(event, { orderId: id, accounts: [maker] });
  store.noteChange('order', id);
}

async function orderCancelled(event: DecodedEvent, store: UnitOfWork, kind: 'offer' | 'request'): Promise<void> {
  const id = int(event, kind === 'offer' ? 'offerId' : 'requestId');
  const order = await mustGet(store, orders.name, { id }, event);
  store.update(orders.name, {
    ...order,
    remaining_mwh: 0n,
    status: 'cancelled',
    refund_wei: kind === 'request' ? String(int(event, 'refundWei')) : null,
    closed_block: BigInt(event.block.number),
    closed_at: BigInt(event.block.timestamp),
  });
  store.recordEvent(event, { orderId: id, accounts: [order.maker as string] });
  store.noteChange('order', id);
}

async function tradeOpened(event: DecodedEvent, store: UnitOfWork): Promise<void> {
  const id = int(event, 'tradeId');
  const orderId = int(event, 'orderId');
  const buyer = address(event, 'buyer');
  const seller = address(event, 'seller');
  const quantity = int(event, 'quantityMilliWh');
  const amount = int(event, 'amountWei');
  const order = await mustGet(store, orders.name, { id: orderId }, event);
  const remaining = (order.remaining_mwh as bigint) - quantity;
  store.update(orders.name, {
    ...order,
    remaining_mwh: remaining,
    traded_mwh: (order.traded_mwh as bigint) + quantity,
    trades: (order.trades as bigint) + 1n,
    status: remaining === 0n ? 'filled' : 'open',
    closed_block: remaining === 0n ? BigInt(event.block.number) : null,
    closed_at: remaining === 0n ? BigInt(event.block.timestamp) : null,
  });
  const unitPrice = order.unit_price as bigint;
  // Taken on an order the maker's agent placed: the maker's side of the trade is the agent's.
  const makerAgent = order.by_agent === 1n;
  store.insert(trades.name, {
    id,
    order_id: orderId,
    order_kind: order.kind,
    buyer,
    seller,
    quantity_mwh: quantity,
    unit_price: unitPrice,
    amount_wei: amount.toString(),
    deadline: int(event, 'deadline'),
    opened_block: BigInt(event.block.number),
    opened_tx: event.transactionHash,
    opened_at: BigInt(event.block.timestamp),
    state: 'open',
    delivered_mwh: null,
    sent_mwh: null,
    received_mwh: null,
    metering: null,
    bought_by_agent: makerAgent && order.kind === 'request' ? 1n : 0n,
    sold_by_agent: makerAgent && order.kind === 'offer' ? 1n : 0n,
    seller_amount_wei: null,
    buyer_refund_wei: null,
    closed_block: null,
    closed_tx: null,
    closed_at: null,
  });
  store.insert(tradeParties.name, { account: buyer, trade_id: id, role: 'buyer' });
  store.insert(tradeParties.name, { account: seller, trade_id: id, role: 'seller' });

  const quarter = await quarterOf(store, event.block.timestamp);
  const first = quarter.open_price === null;
  store.update(marketQuarters.name, {
    ...quarter,
    trades: (quarter.trades as bigint) + 1n,
    traded_mwh: (quarter.traded_mwh as bigint) + quantity,
    amount_wei: (BigInt(quarter.amount_wei as string) + amount).toString(),
    open_price: first ? unitPrice : quarter.open_price,
    high_price: first || unitPrice > (quarter.high_price as bigint) ? unitPrice : quarter.high_price,
    low_price: first || unitPrice < (quarter.low_price as bigint) ? unitPrice : quarter.low_price,
    close_price: unitPrice,
  });

  store.recordEvent(event, { orderId, tradeId: id, accounts: [buyer, seller] });
  store.noteChange('order', orderId);
  store.noteChange('trade', id);
}

async function tradeSettled(event: DecodedEvent, store: UnitOfWork): Promise<void> {
  const id = int(event, 'tradeId');
  const trade = await mustGet(store, trades.name, { id }, event);
  const delivered = int(event, 'deliveredMilliWh');
  store.update(trades.name, {
    ...trade,
    state: 'settled',
    delivered_mwh: delivered,
    // Present where the contract reports both meters (TradeSettled with sent, received and metering).
    sent_mwh: (event.args.sentMilliWh as bigint | undefined) ?? null,
    received_mwh: (event.args.receivedMilliWh as bigint | undefined) ?? null,
    metering: event.args.metering === undefined ? null : (METERING[Number(event.args.metering)] ?? String(event.args.metering)),
    seller_amount_wei: String(int(event, 'sellerAmountWei')),
    buyer_refund_wei: String(int(event, 'buyerRefundWei')),
    ...closedAt(event),
  });
  const quarter = await quarterOf(store, event.block.timestamp);
  store.update(marketQuarters.name, {
    ...quarter,
    settled_trades: (quarter.settled_trades as bigint) + 1n,
    delivered_mwh: (quarter.delivered_mwh as bigint) + delivered,
  });
  store.recordEvent(event, { orderId: trade.order_id as bigint, tradeId: id, accounts: [trade.buyer as string, trade.seller as string] });
  store.noteChange('trade', id);
}

async function tradeReclaimed(event: DecodedEvent, store: UnitOfWork): Promise<void> {
  const id = int(event, 'tradeId');
  const trade = await mustGet(store, trades.name, { id }, event);
  store.update(trades.name, { ...trade, state: 'reclaimed', buyer_refund_wei: String(int(event, 'amountWei')), ...closedAt(event) });
  store.recordEvent(event, { orderId: trade.order_id as bigint, tradeId: id, accounts: [trade.buyer as string, trade.seller as string] });
  store.noteChange('trade', id);
}

/** OrderPlacedByAgent, logged right after the order's creation: the order is the household's agent's. */
async function orderPlacedByAgent(event: DecodedEvent, store: UnitOfWork): Promise<void> {
  const id = int(event, 'orderId');
  const order = await mustGet(store, orders.name, { id }, event);
  store.update(orders.name, { ...order, by_agent: 1n });
  store.recordEvent(event, { orderId: id, accounts: [address(event, 'household')] });
  store.noteChange('order', id);
}

/** TradeOpenedByAgent, logged right after its TradeOpened: the household's agent took the trade. */
async function tradeOpenedByAgent(event: DecodedEvent, store: UnitOfWork): Promise<void> {
  const id = int(event, 'tradeId');
  const trade = await mustGet(store, trades.name, { id }, event);
  const household = address(event, 'household').toLowerCase();
  const buyer = String(trade.buyer).toLowerCase() === household;
  store.update(trades.name, { ...trade, ...(buyer ? { bought_by_agent: 1n } : { sold_by_agent: 1n }) });
  store.recordEvent(event, { orderId: trade.order_id as bigint, tradeId: id, accounts: [household] });
  store.noteChange('trade', id);
}

async function creditChanged(event: DecodedEvent, store: UnitOfWork, sign: 1n | -1n): Promise<void> {
  const payee = address(event, 'payee');
  const amount = int(event, 'amountWei');
  const existing = await store.get(credits.name, { account: payee });
  const credit = BigInt((existing?.credit_wei as string | undefined) ?? '0') + sign * amount;
  if (existing) store.update(credits.name, { account: payee, credit_wei: credit.toString() });
  else store.insert(credits.name, { account: payee, credit_wei: credit.toString() });
  store.recordEvent(event, { accounts: [payee] });
  store.noteChange('credit', payee);
}

function closedAt(event: DecodedEvent): Row {
  return { closed_block: BigInt(event.block.number), closed_tx: event.transactionHash, closed_at: BigInt(event.block.timestamp) };
}

/** The quarter hour holding `timestamp`, created empty when it has none yet. */
async function quarterOf(store: UnitOfWork, timestamp: number): Promise<Row> {
  const start = BigInt(timestamp - (timestamp % QUARTER_SECONDS));
  const existing = await store.get(marketQuarters.name, { start });
  if (existing) return existing;
  const empty: Row = {
    start,
    trades: 0n,
    traded_mwh: 0n,
    amount_wei: '0',
    open_price: null,
    high_price: null,
    low_price: null,
    close_price: null,
    settled_trades: 0n,
    delivered_mwh: 0n,
  };
  store.insert(marketQuarters.name, empty);
  return empty;
}

/** A row the contract guarantees (a trade's order, a settled trade); its absence means the index is broken. */
async function mustGet(store: UnitOfWork, tableName: string, key: Row, event: DecodedEvent): Promise<Row> {
  const row = await store.get(tableName, key);
  if (!row) {
    throw new Error(`${event.name} in block ${event.block.number} refers to ${tableName} ${Object.values(key).join('/')}, which the index does not hold`);
  }
  return row;
}

export function marketplaceSource(deployment: MarketplaceDeployment): EventSource {
  return {
    name: 'marketplace',
    version: 3,
    address: deployment.address.toLowerCase(),
    fromBlock: deployment.deployedOnBlock,
    abi: deployment.abi,
    tables: MARKET_TABLES,
    handlers: {
      OfferCreated: (event, store) => orderCreated(event, store, 'offer'),
      RequestCreated: (event, store) => orderCreated(event, store, 'request'),
      OfferCancelled: (event, store) => orderCancelled(event, store, 'offer'),
      RequestCancelled: (event, store) => orderCancelled(event, store, 'request'),
      TradeOpened: tradeOpened,
      TradeSettled: tradeSettled,
      TradeReclaimed: tradeReclaimed,
      PaymentDeferred: (event, store) => creditChanged(event, store, 1n),
      Withdrawn: (event, store) => creditChanged(event, store, -1n),
      OrderPlacedByAgent: orderPlacedByAgent,
      TradeOpenedByAgent: tradeOpenedByAgent,
    },
  };
}
