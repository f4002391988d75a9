/**
 * Rows of the read model as the API answers them. Ids, mWh and times are
 * JSON numbers; wei amounts and unit prices (wei per mWh, up to 2^56) are
 * decimal strings; addresses are lowercase hex (the server does without
 * ethers and its keccak: about 20 MB less; the dApp checksums for display).
 */
import type { Row } from '../../lib/read-model/table';

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const addr = (value: unknown): string => String(value).toLowerCase();

export function orderJson(row: Row) {
  return {
    id: num(row.id),
    kind: row.kind as 'offer' | 'request',
    maker: addr(row.maker),
    unitPrice: str(row.unit_price),
    quantityMilliWh: num(row.quantity_mwh),
    remainingMilliWh: num(row.remaining_mwh),
    tradedMilliWh: num(row.traded_mwh),
    trades: num(row.trades),
    status: row.status as 'open' | 'filled' | 'cancelled',
    refundWei: str(row.refund_wei),
    created: { block: num(row.created_block), transactionHash: row.created_tx, at: num(row.created_at) },
    closed: row.closed_block === null ? null : { block: num(row.closed_block), at: num(row.closed_at) },
  };
}

export function tradeJson(row: Row) {
  return {
    id: num(row.id),
    orderId: num(row.order_id),
    orderKind: row.order_kind as 'offer' | 'request',
    buyer: addr(row.buyer),
    seller: addr(row.seller),
    quantityMilliWh: num(row.quantity_mwh),
    unitPrice: str(row.unit_price),
    amountWei: str(row.amount_wei),
    /** Unix seconds from which the buyer may reclaim it if it is still open. */
    reclaimableFrom: num(row.deadline),
    state: row.state as 'open' | 'settled' | 'reclaimed',
    opened: { block: num(row.opened_block), transactionHash: row.opened_tx, at: num(row.opened_at) },
    settlement:
      row.state === 'settled'
        ? {
            deliveredMilliWh: num(row.delivered_mwh),
            sellerAmountWei: str(row.seller_amount_wei),
            buyerRefundWei: str(row.buyer_refund_wei),
            ...(row.metering === null
              ? {}
              : { sentMilliWh: num(row.sent_mwh), receivedMilliWh: num(row.received_mwh), metering: row.metering as 'two-sided' | 'disputed' | 'one-sided' }),
          }
        : null,
    reclaim: row.state === 'reclaimed' ? { amountWei: str(row.buyer_refund_wei) } : null,
    closed: row.closed_block === null ? null : { block: num(row.closed_block), transactionHash: row.closed_tx, at: num(row.closed_at) },
  };
}

export function eventJson(row: Row) {
  const args = JSON.parse(String(row.args)) as Record<string, unknown>;
  return {
    blockNumber: num(row.block_number),
    logIndex: num(row.log_index),
    blockHash: row.block_hash,
    transactionHash: row.tx_hash,
    at: num(row.at),
    contract: addr(row.contract),
    name: row.name,
    orderId: num(row.order_id),
    tradeId: num(row.trade_id),
    args,
  };
}
