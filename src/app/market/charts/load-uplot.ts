import type uPlot from 'uplot';

export type UPlotClass = typeof uPlot;

let uPlotLoading: Promise<UPlotClass> | null = null;

/**
 * uPlot, fetched the first time any chart is drawn and shared by every chart
 * after: it is not part of the initial bundle. A failed fetch is tried again
 * on the next call.
 */
export function loadUPlot(): Promise<UPlotClass> {
  uPlotLoading ??= import('uplot').then((m) => m.default);
  uPlotLoading.catch(() => (uPlotLoading = null));
  return uPlotLoading;
}

/** Said when uPlot could not be fetched: the sentence above a chart tells what it shows. */
export const CHART_LOAD_PROBLEM = 'The charts could not be loaded from the main server; the sentence above says what they show. Reload the page to try again.';

/**
 * Draws one chart at the width of its place (at least a phone's), and keeps it
 * at that width as the place resizes (a turned phone, a resized window): uPlot
 * does not by itself. Destroying the chart stops following.
 */
export function plotChart(UPlot: UPlotClass, target: HTMLElement, height: number, columns: uPlot.AlignedData, options: Omit<uPlot.Options, 'width' | 'height'>): uPlot {
  const resizes =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(([entry]) => {
          const width = chartWidth(entry.contentRect.width);
          if (chart.width !== width) chart.setSize({ width, height });
        });
  const hooks = { ...options.hooks, destroy: [...(options.hooks?.destroy ?? []), () => resizes?.disconnect()] };
  const legend = { live: canHover(), ...options.legend };
  const chart = new UPlot({ width: chartWidth(target.clientWidth), height, ...options, legend, hooks }, columns, target);
  resizes?.observe(target);
  return chart;
}

/** A chart as wide as its container in whole pixels, never narrower than its axes need; 600 before the container is laid out. */
export function chartWidth(containerWidth: number): number {
  return Math.max(280, Math.floor(containerWidth) || 600);
}

/**
 * Whether the pointer can hover: only then does uPlot's live legend show the
 * values under the cursor. A phone's would stay at "--" under every chart, so
 * there the legend just names the series.
 */
function canHover(): boolean {
  return typeof matchMedia !== 'function' || !matchMedia('(hover: none)').matches;
}

/**
 * Labels for a numeric axis with as many decimals as the step between its
 * ticks needs. uPlot's own labels stop at three decimals, so ticks 0.0005
 * apart read "0.001, 0.002, 0.002, 0.003". Used as an axis's `values`.
 */
export function stepLabels(_chart: unknown, ticks: number[], _axis: number, _space: number, step: number): string[] {
  const decimals = decimalsOf(step);
  return ticks.map((tick) => tick.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));
}

/** The fewest decimals that write `step` exactly (at most 12). */
export function decimalsOf(step: number): number {
  for (let decimals = 0; decimals < 12; decimals++) {
    const scaled = Math.abs(step) * 10 ** decimals;
    const whole = Math.round(scaled);
    if (whole >= 1 && Math.abs(scaled - whole) < 1e-6 * whole) return decimals;
  }
  return 12;
}
