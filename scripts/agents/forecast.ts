/**
 * The next trading interval's surplus or deficit of one household, from what
 * its node reported over the last hour: a short-term forecast of the kind
 * household energy managers make without weather data.
 *
 * - PV follows the sun, which changes steadily over an hour: a straight line
 *   fitted (least squares) to the last hour's PV power, taken at the middle of
 *   the coming interval, never below 0 nor above 1.25 x the hour's highest
 *   reading (a passing cloud's gap must not be extrapolated to the sky).
 * - Load jumps from quarter hour to quarter hour: the hour's mean, plus half of
 *   its fitted trend (the evening peak builds over hours), never below 0.
 *
 * Pure: samples in, energies out.
 */

/** One reading of a household's node, on the community clock (simulated ms). */
export interface StatusSample {
  readonly atMs: number;
  readonly pvPowerW: number;
  readonly loadPowerW: number;
}

export interface Forecast {
  /** Energy over the coming interval, Wh. */
  readonly pvWh: number;
  readonly loadWh: number;
  /** pvWh - loadWh: positive a surplus, negative a deficit. */
  readonly netWh: number;
  /** Readings it was made from (0: no history yet, every figure is 0). */
  readonly samples: number;
}

export const LOOKBACK_MS = 60 * 60 * 1000;
const MS_PER_HOUR = 3_600_000;

export function forecastInterval(history: readonly StatusSample[], nowMs: number, intervalMs: number): Forecast {
  const recent = history.filter((sample) => sample.atMs > nowMs - LOOKBACK_MS && sample.atMs <= nowMs);
  if (recent.length === 0) return { pvWh: 0, loadWh: 0, netWh: 0, samples: 0 };
  const hours = intervalMs / MS_PER_HOUR;
  const middle = nowMs + intervalMs / 2;

  const pvLine = fitLine(recent.map((sample) => [sample.atMs, sample.pvPowerW]));
  const highestPv = Math.max(...recent.map((sample) => sample.pvPowerW));
  const pvW = clamp(pvLine.at(middle), 0, 1.25 * highestPv);

  const loadLine = fitLine(recent.map((sample) => [sample.atMs, sample.loadPowerW]));
  const loadW = Math.max(0, loadLine.mean + 0.5 * loadLine.slope * (middle - loadLine.meanX));

  const pvWh = pvW * hours;
  const loadWh = loadW * hours;
  return { pvWh, loadWh, netWh: pvWh - loadWh, samples: recent.length };
}

interface Line {
  readonly mean: number;
  readonly meanX: number;
  /** Per ms. */
  readonly slope: number;
  at(x: number): number;
}

/** Least squares; a flat line through the mean when the points do not span time. */
function fitLine(points: readonly (readonly [number, number])[]): Line {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const mean = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - mean);
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { mean, meanX, slope, at: (x) => mean + slope * (x - meanX) };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
