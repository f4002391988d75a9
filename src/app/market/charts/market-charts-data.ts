import { type Observable, filter, merge, share, throttleTime } from 'rxjs';

import type { SocketEvent } from '../../chain/rpc-socket';
import type { ApiCandle, ApiDepthLevel, ApiReadModelUpdate } from '../../read-model/api-shapes';
import { LiveView, type LiveSource, type Snapshot } from '../../read-model/live-view';
import type { ReadApi } from '../../read-model/read-api';

/** Hours of price history shown, and days of traded energy. */
export const CHART_HOURS = 48;
export const CHART_DAYS = 14;
/** Price levels per side of the depth chart. */
export const DEPTH_LEVELS = 50;
/** At most one re-read of the charts in this time, however busy the market. */
export const CHART_RELOAD_THROTTLE_MS = 2000;

const HOUR = 3600;
const DAY = 24 * HOUR;

/** What the market's charts show, read in one go. */
export interface MarketChartsData {
  /** Hourly candles with trades, oldest first. */
  readonly hourly: readonly ApiCandle[];
  /** Daily candles with trades, oldest first, days beginning at the reader's midnight. */
  readonly daily: readonly ApiCandle[];
  /** Unix seconds at the start of the reader's today. */
  readonly todayStart: number;
  /** Open offers cheapest first, open requests dearest first: remaining energy per price. */
  readonly offers: readonly ApiDepthLevel[];
  readonly requests: readonly ApiDepthLevel[];
}

/** The reader's offset from UTC, in the read API's steps of 15 minutes. */
export function readerUtcOffsetMinutes(at: Date = new Date()): number {
  return Math.round(-at.getTimezoneOffset() / 15) * 15;
}

/** Unix seconds at the start of the day holding `now`, in a zone `utcOffsetMinutes` from UTC. */
export function dayStart(now: number, utcOffsetMinutes: number): number {
  const offset = utcOffsetMinutes * 60;
  return Math.floor((now + offset) / DAY) * DAY - offset;
}

/** Reads the history (hourly and daily) and both sides' depth at one index block (the lowest answered). */
export async function readMarketCharts(api: ReadApi, now = Math.floor(Date.now() / 1000)): Promise<Snapshot<MarketChartsData>> {
  const utcOffsetMinutes = readerUtcOffsetMinutes();
  const todayStart = dayStart(now, utcOffsetMinutes);
  const to = now + 1;
  const [hourly, daily, offers, requests] = await Promise.all([
    api.history({ interval: '1h', from: to - CHART_HOURS * HOUR, to, utcOffsetMinutes }),
    api.history({ interval: '1d', from: todayStart - (CHART_DAYS - 1) * DAY, to, utcOffsetMinutes }),
    api.depth('offer', DEPTH_LEVELS),
    api.depth('request', DEPTH_LEVELS),
  ]);
  return {
    value: { hourly: hourly.candles, daily: daily.candles, todayStart, offers: offers.levels, requests: requests.levels },
    block: Math.min(hourly.indexedBlock, daily.indexedBlock, offers.indexedBlock, requests.indexedBlock),
  };
}

/**
 * The charts' data kept live: any change of the market reads it again (a
 * candle or a depth level cannot be folded from one order's change), at most
 * once per CHART_RELOAD_THROTTLE_MS. Subscription events pass unthrottled.
 */
export function liveMarketCharts(
  api: ReadApi,
  changes: Observable<SocketEvent<ApiReadModelUpdate>>,
  throttleMs = CHART_RELOAD_THROTTLE_MS,
): LiveView<MarketChartsData> {
  const shared = changes.pipe(share());
  const throttled = merge(
    shared.pipe(filter((event) => event.kind === 'subscribed')),
    shared.pipe(
      filter((event) => event.kind !== 'subscribed'),
      throttleTime(throttleMs, undefined, { leading: true, trailing: true }),
    ),
  );
  const source: LiveSource<MarketChartsData> = {
    changes: throttled,
    read: () => readMarketCharts(api),
    apply: (value) => ({ value, reread: true }),
  };
  return new LiveView(source);
}
