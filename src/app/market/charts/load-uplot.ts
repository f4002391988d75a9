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

/** Draws one chart at the width of its place (at least a phone's). */
export function plotChart(UPlot: UPlotClass, target: HTMLElement, height: number, columns: uPlot.AlignedData, options: Omit<uPlot.Options, 'width' | 'height'>): uPlot {
  const width = Math.max(280, target.clientWidth || 600);
  return new UPlot({ width, height, ...options }, columns, target);
}
