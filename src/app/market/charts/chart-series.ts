import { formatEnergy, formatPricePerKWh } from '../../core/units';
import type { ApiDepthLevel } from '../../read-model/api-shapes';
import type { MarketChartsData } from './market-charts-data';

/** A unit price (wei per mWh) as a plotted number in the currency per kWh. */
export function pricePerKWh(weiPerMilliWh: string): number {
  return Number(weiPerMilliWh) / 1e12;
}

/** Energy (mWh) as a plotted number in kWh. */
export function kWh(milliWh: number): number {
  return milliWh / 1e6;
}

/** uPlot's columns: x first, then one array per series. */
export type Columns = [number[], ...(number | null)[][]];

/** Hourly average price and energy traded, by the hour's start. */
export function priceAndVolume(data: MarketChartsData): Columns {
  const withTrades = data.hourly.filter((c) => c.trades > 0 && c.averagePrice !== null);
  return [withTrades.map((c) => c.start), withTrades.map((c) => pricePerKWh(c.averagePrice!)), withTrades.map((c) => kWh(c.tradedMilliWh))];
}

/** Energy traded per day, by the day's start. */
export function tradedPerDay(data: MarketChartsData): Columns {
  const withTrades = data.daily.filter((c) => c.trades > 0);
  return [withTrades.map((c) => c.start), withTrades.map((c) => kWh(c.tradedMilliWh))];
}

/**
 * The depth of the book on one price axis: for each price, the requests'
 * energy at that price or dearer (left of the spread) and the offers' energy
 * at that price or cheaper (right of it), cumulative from the best order.
 */
export function depth(offers: readonly ApiDepthLevel[], requests: readonly ApiDepthLevel[]): Columns {
  const prices = [...new Set([...offers, ...requests].map((level) => pricePerKWh(level.unitPrice)))].sort((a, b) => a - b);
  const cumulative = (levels: readonly ApiDepthLevel[]) => {
    const at = new Map<number, number>();
    let total = 0;
    for (const level of levels) {
      total += level.remainingMilliWh;
      at.set(pricePerKWh(level.unitPrice), kWh(total));
    }
    return at;
  };
  const offerAt = cumulative(offers);
  const requestAt = cumulative(requests);
  const bestOffer = offers.length ? pricePerKWh(offers[0].unitPrice) : Infinity;
  const bestRequest = requests.length ? pricePerKWh(requests[0].unitPrice) : -Infinity;
  // Between listed levels the total stays what the last level (from the best) made it.
  const fill = (at: Map<number, number>, ordered: number[]) => {
    const out = new Map<number, number>();
    let last = 0;
    for (const price of ordered) out.set(price, (last = at.get(price) ?? last));
    return out;
  };
  const offerFilled = fill(offerAt, prices.filter((p) => p >= bestOffer));
  const requestFilled = fill(requestAt, prices.filter((p) => p <= bestRequest).reverse());
  return [prices, prices.map((p) => requestFilled.get(p) ?? null), prices.map((p) => offerFilled.get(p) ?? null)];
}

/** Whether the market has had any trade in the charts' windows. */
export function hasTrades(data: MarketChartsData): boolean {
  return data.hourly.some((c) => c.trades > 0) || data.daily.some((c) => c.trades > 0);
}

/**
 * The charts in one sentence for a screen reader (and anyone): the latest
 * hour's average price, the energy traded today, the best offer and request.
 */
export function chartsSummary(data: MarketChartsData): string {
  const parts: string[] = [];
  const latest = [...data.hourly].reverse().find((c) => c.trades > 0 && c.averagePrice !== null);
  parts.push(latest ? `Latest hourly price ${formatPricePerKWh(BigInt(latest.averagePrice!))}` : 'No trades in the last 48 hours');
  const today = data.daily.find((c) => c.start === data.todayStart);
  parts.push(`traded today ${formatEnergy(BigInt(today?.tradedMilliWh ?? 0))}`);
  parts.push(data.offers.length ? `best offer ${formatPricePerKWh(BigInt(data.offers[0].unitPrice))}` : 'no open offers');
  parts.push(data.requests.length ? `best request ${formatPricePerKWh(BigInt(data.requests[0].unitPrice))}` : 'no open requests');
  return `${parts.join('; ')}.`;
}
