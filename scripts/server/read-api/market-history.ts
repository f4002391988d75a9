/**
 * Price and volume over time, from the quarter-hour table: candles per
 * quarter hour, hour or day (days in the reader's time zone, given as an
 * offset from UTC in minutes, a multiple of 15). A request covers a bounded
 * window, so it reads at most a few thousand rows.
 */
import { QUARTER_SECONDS, marketQuarters } from '../../indexer/sources/market-tables';
import type { Db } from '../../lib/read-model/open-database';
import { normalizeRow } from '../../lib/read-model/table';
import { BadRequest } from './query-params';

export const INTERVALS = { '15m': 900, '1h': 3600, '1d': 86_400 } as const;
export type Interval = keyof typeof INTERVALS;

/** The most intervals one request may span. */
export const MAX_INTERVALS: Record<Interval, number> = { '15m': 672, '1h': 744, '1d': 92 };

export interface Candle {
  /** Unix seconds at the interval's start. */
  readonly start: number;
  readonly trades: number;
  readonly tradedMilliWh: number;
  readonly amountWei: string;
  /** Unit prices in wei per mWh; null in an interval without trades. */
  readonly open: string | null;
  readonly high: string | null;
  readonly low: string | null;
  readonly close: string | null;
  /** amountWei / tradedMilliWh, rounded down. */
  readonly averagePrice: string | null;
  readonly settledTrades: number;
  readonly deliveredMilliWh: number;
}

export interface HistoryQuery {
  readonly interval: Interval;
  readonly from: number;
  readonly to: number;
  readonly utcOffsetMinutes: number;
}

/** Aligns the window to whole intervals in the reader's zone and checks its size. */
export function historyWindow(query: HistoryQuery): { from: number; to: number; step: number; offset: number } {
  if (query.utcOffsetMinutes % 15 !== 0) throw new BadRequest(`"utcOffsetMinutes" must be a multiple of 15, not ${query.utcOffsetMinutes}`);
  const step = INTERVALS[query.interval];
  const offset = query.utcOffsetMinutes * 60;
  const align = (t: number) => Math.floor((t + offset) / step) * step - offset;
  const from = align(query.from);
  const to = align(query.to - 1) + step;
  if (query.to <= query.from) throw new BadRequest(`"to" (${query.to}) must be after "from" (${query.from})`);
  const count = (to - from) / step;
  if (count > MAX_INTERVALS[query.interval]) {
    throw new BadRequest(`at most ${MAX_INTERVALS[query.interval]} intervals of ${query.interval} per request; this window holds ${count}`);
  }
  return { from, to, step, offset };
}

/** Candles of every interval in the window that had trades or settlements, oldest first. */
export async function marketHistory(db: Db, query: HistoryQuery): Promise<Candle[]> {
  const { from, to, step } = historyWindow(query);
  const found = await db
    .selectFrom(marketQuarters.name)
    .selectAll()
    .where('start', '>=', BigInt(from - (from % QUARTER_SECONDS)))
    .where('start', '<', BigInt(to))
    .orderBy('start', 'asc')
    .execute();
  const candles = new Map<number, Candle>();
  for (const raw of found) {
    const q = normalizeRow(marketQuarters, raw);
    const start = Number(q.start);
    if (start < from) continue;
    const bucket = from + Math.floor((start - from) / step) * step;
    const c = candles.get(bucket);
    const traded = Number(q.traded_mwh);
    const price = (v: unknown) => (v === null ? null : String(v));
    if (!c) {
      candles.set(bucket, {
        start: bucket,
        trades: Number(q.trades),
        tradedMilliWh: traded,
        amountWei: String(q.amount_wei),
        open: price(q.open_price),
        high: price(q.high_price),
        low: price(q.low_price),
        close: price(q.close_price),
        averagePrice: null,
        settledTrades: Number(q.settled_trades),
        deliveredMilliWh: Number(q.delivered_mwh),
      });
      continue;
    }
    const hasPrices = q.open_price !== null;
    candles.set(bucket, {
      ...c,
      trades: c.trades + Number(q.trades),
      tradedMilliWh: c.tradedMilliWh + traded,
      amountWei: (BigInt(c.amountWei) + BigInt(q.amount_wei as string)).toString(),
      open: c.open ?? price(q.open_price),
      high: hasPrices && (c.high === null || (q.high_price as bigint) > BigInt(c.high)) ? price(q.high_price) : c.high,
      low: hasPrices && (c.low === null || (q.low_price as bigint) < BigInt(c.low)) ? price(q.low_price) : c.low,
      close: hasPrices ? price(q.close_price) : c.close,
      settledTrades: c.settledTrades + Number(q.settled_trades),
      deliveredMilliWh: c.deliveredMilliWh + Number(q.delivered_mwh),
    });
  }
  return [...candles.values()].map((c) => ({
    ...c,
    averagePrice: c.tradedMilliWh > 0 ? (BigInt(c.amountWei) / BigInt(c.tradedMilliWh)).toString() : null,
  }));
}
