/**
 * Prices across a trading interval, as Grid Singularity's gsy-e prices its
 * devices in each market slot: a PV's offer starts high and steps down to its
 * final (lowest) rate, a load's bid starts low and steps up to its final
 * (highest) rate, linearly, one update per step. Here an offer starts at twice
 * the household's floor and ends at the floor; a request starts at half the
 * ceiling and ends at the ceiling. Where the two paths cross, trades happen, at
 * the price of the order that was resting on the book (as on any exchange).
 */

/** The offer price at `step` of `steps` (0-based): from 2 x floor down to the floor. */
export function offerPriceAt(floor: bigint, step: number, steps: number): bigint {
  const start = 2n * floor;
  const [done, of] = progress(step, steps);
  return start - ((start - floor) * done) / of;
}

/** The request price at `step` of `steps` (0-based): from ceiling / 2 up to the ceiling. */
export function requestPriceAt(ceiling: bigint, step: number, steps: number): bigint {
  const start = ceiling / 2n;
  const [done, of] = progress(step, steps);
  return start + ((ceiling - start) * done) / of;
}

/** How far through the interval a step is, as a fraction: the last step is at the end of the path. */
function progress(step: number, steps: number): [bigint, bigint] {
  if (steps <= 1) return [1n, 1n];
  const bounded = Math.min(Math.max(step, 0), steps - 1);
  return [BigInt(bounded), BigInt(steps - 1)];
}
