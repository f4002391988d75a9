/**
 * Rows of the read model as the API answers them. Ids, mWh and times are
 * JSON numbers; wei amounts and unit prices (wei per mWh, up to 2^56) are
 * decimal strings; addresses are lowercase hex (the server does without
 * ethers and its keccak: about 20 MB less; the dApp checksums for display).
 * The shapes are defined once, for the server and the dApp, in
 * src/app/read-model/api-shapes.ts.
 */
import type { ApiCommunityHour, ApiEvent, ApiMetering, ApiOrder, ApiOrderKind, ApiOrderStatus, ApiTrade, ApiTradeState } from '../../../src/app/read-model/api-shapes';
import type { Row } from '../../lib/read-model/table';

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const str = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const addr = (value: unknown): string => String(value).toLowerCase();
/** A column that is never null. */
const int = (value: unknown): number => Number(value);
const text = (value: unknown): string => String(value);

export function orderJson(row: Row): ApiOrder {
  return {
    id: int(row.id),
    kind: row.kind as ApiOrderKind,
    maker: addr(row.maker),
    unitPrice: text(row.unit_price),
    quantityMilliWh: int(row.quantity_mwh),
    remainingMilliWh: int(row.remaining_mwh),
    tradedMilliWh: int(row.traded_mwh),
    trades: int(row.trades),
    status: row.status as ApiOrderStatus,
    refundWei: str(row.refund_wei),
    created: { block: int(row.created_block), transactionHash: text(row.created_tx), at: int(row.created_at) },
    closed: row.closed_block === null ? null : { block: int(row.closed_block), at: int(row.closed_at) },
    byAgent: Number(row.by_agent) === 1,
  };
}

export function tradeJson(row: Row): ApiTrade {
  return {
    id: int(row.id),
    orderId: int(row.order_id),
    orderKind: row.order_kind as ApiOrderKind,
    buyer: addr(row.buyer),
    seller: addr(row.seller),
    quantityMilliWh: int(row.quantity_mwh),
    unitPrice: text(row.unit_price),
    amountWei: text(row.amount_wei),
    /** Unix seconds from which the buyer may reclaim it if it is still open. */
    reclaimableFrom: int(row.deadline),
    state: row.state as ApiTradeState,
    opened: { block: int(row.opened_block), transactionHash: text(row.opened_tx), at: int(row.opened_at) },
    settlement:
      row.state === 'settled'
        ? {
            deliveredMilliWh: int(row.delivered_mwh),
            sellerAmountWei: text(row.seller_amount_wei),
            buyerRefundWei: text(row.buyer_refund_wei),
            ...(row.metering === null
              ? {}
              : { sentMilliWh: int(row.sent_mwh), receivedMilliWh: int(row.received_mwh), metering: row.metering as ApiMetering }),
          }
        : null,
    reclaim: row.state === 'reclaimed' ? { amountWei: text(row.buyer_refund_wei) } : null,
    closed: row.closed_block === null ? null : { block: int(row.closed_block), transactionHash: text(row.closed_tx), at: int(row.closed_at) },
    boughtByAgent: Number(row.bought_by_agent) === 1,
    soldByAgent: Number(row.sold_by_agent) === 1,
  };
}

export function eventJson(row: Row): ApiEvent {
  const args = JSON.parse(String(row.args)) as Record<string, unknown>;
  return {
    blockNumber: int(row.block_number),
    logIndex: int(row.log_index),
    blockHash: text(row.block_hash),
    transactionHash: text(row.tx_hash),
    at: int(row.at),
    contract: addr(row.contract),
    name: text(row.name),
    orderId: int(row.order_id),
    tradeId: num(row.trade_id),
    args,
  };
}

/** Energy (mWh in the table) in Wh, as the community's hours are read. */
const wh = (value: unknown): number => Number(value) / 1000;

export function communityHourJson(row: Row): ApiCommunityHour {
  return {
    hour: int(row.hour),
    timeOfDay: text(row.time_of_day),
    pvWh: wh(row.pv_mwh),
    loadWh: wh(row.load_mwh),
    unmetLoadWh: wh(row.unmet_load_mwh),
    curtailedWh: wh(row.curtailed_mwh),
    tradedWh: wh(row.traded_mwh),
    batteryWh: wh(row.battery_mwh),
    batteryCapacityWh: wh(row.battery_capacity_mwh),
    nodes: int(row.nodes),
  };
}
