/** The marketplace's tables in the read model. */
import { table } from '../../lib/read-model/table';

/** Offers and requests, open or not. */
export const orders = table({
  name: 'orders',
  columns: {
    id: { type: 'int' },
    /** 'offer' or 'request'. */
    kind: { type: 'text' },
    maker: { type: 'text' },
    unit_price: { type: 'int' },
    quantity_mwh: { type: 'int' },
    remaining_mwh: { type: 'int' },
    traded_mwh: { type: 'int' },
    trades: { type: 'int' },
    /** 'open', 'filled' or 'cancelled'. */
    status: { type: 'text' },
    /** Escrow a cancelled request returned. */
    refund_wei: { type: 'text', nullable: true },
    created_block: { type: 'int' },
    created_tx: { type: 'text' },
    created_at: { type: 'int' },
    closed_block: { type: 'int', nullable: true },
    closed_at: { type: 'int', nullable: true },
    /** 1 when the maker's automatic-trading agent placed it (OrderPlacedByAgent), else 0. */
    by_agent: { type: 'int' },
  },
  primaryKey: ['id'],
  indexes: [
    // The book: offers cheapest first, requests dearest first, each oldest first within a price.
    { name: 'orders_book_offers', columns: ['kind', 'status', 'unit_price', 'id'] },
    { name: 'orders_book_requests', columns: ['kind', 'status', 'unit_price desc', 'id'] },
    { name: 'orders_maker', columns: ['maker', 'id'] },
  ],
});

/** Every trade, with its settlement or reclaim once it has one. */
export const trades = table({
  name: 'trades',
  columns: {
    id: { type: 'int' },
    order_id: { type: 'int' },
    order_kind: { type: 'text' },
    buyer: { type: 'text' },
    seller: { type: 'text' },
    quantity_mwh: { type: 'int' },
    unit_price: { type: 'int' },
    amount_wei: { type: 'text' },
    /** Unix seconds from which the buyer may reclaim an unsettled trade. */
    deadline: { type: 'int' },
    opened_block: { type: 'int' },
    opened_tx: { type: 'text' },
    opened_at: { type: 'int' },
    /** 'open', 'settled' or 'reclaimed'. */
    state: { type: 'text' },
    delivered_mwh: { type: 'int', nullable: true },
    /** Two-sided metering (a contract whose TradeSettled reports both meters): what each node measured. */
    sent_mwh: { type: 'int', nullable: true },
    received_mwh: { type: 'int', nullable: true },
    /** 'two-sided', 'disputed' or 'one-sided'; null from a contract that reports one meter. */
    metering: { type: 'text', nullable: true },
    /** 1 when the buyer's (the seller's) agent took the trade or placed the order it was taken on, else 0. */
    bought_by_agent: { type: 'int' },
    sold_by_agent: { type: 'int' },
    seller_amount_wei: { type: 'text', nullable: true },
    buyer_refund_wei: { type: 'text', nullable: true },
    closed_block: { type: 'int', nullable: true },
    closed_tx: { type: 'text', nullable: true },
    closed_at: { type: 'int', nullable: true },
  },
  primaryKey: ['id'],
  indexes: [{ name: 'trades_order', columns: ['order_id', 'id'] }],
});

/** A household's trades, as buyer or seller: one row per side, so a page is one index range. */
export const tradeParties = table({
  name: 'trade_parties',
  columns: { account: { type: 'text' }, trade_id: { type: 'int' }, role: { type: 'text' } },
  primaryKey: ['account', 'trade_id'],
});

/**
 * The market per quarter hour (the field's settlement period): trades opened
 * in it with their prices, and energy settled in it. Hours and days are sums
 * of quarters, so a time zone of any quarter-hour offset has exact days.
 */
export const marketQuarters = table({
  name: 'market_quarters',
  columns: {
    /** Unix seconds at the start of the quarter hour. */
    start: { type: 'int' },
    trades: { type: 'int' },
    traded_mwh: { type: 'int' },
    amount_wei: { type: 'text' },
    /** Unit prices (wei per mWh) of the first, highest, lowest and last trade. */
    open_price: { type: 'int', nullable: true },
    high_price: { type: 'int', nullable: true },
    low_price: { type: 'int', nullable: true },
    close_price: { type: 'int', nullable: true },
    settled_trades: { type: 'int' },
    delivered_mwh: { type: 'int' },
  },
  primaryKey: ['start'],
});

/** Payments the contract could not push and holds for their payee to withdraw. */
export const credits = table({
  name: 'credits',
  columns: { account: { type: 'text' }, credit_wei: { type: 'text' } },
  primaryKey: ['account'],
});

export const MARKET_TABLES = [orders, trades, tradeParties, marketQuarters, credits] as const;

export const QUARTER_SECONDS = 900;
