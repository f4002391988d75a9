import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  ViewEncapsulation,
  afterRenderEffect,
  computed,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import type uPlot from 'uplot';

import { currencySymbol } from '../../core/units';
import { ReadApi } from '../../read-model/read-api';
import { ReadModelUpdates } from '../../read-model/read-model-updates';
import { type Columns, chartsSummary, depth, hasTrades, priceAndVolume, tradedPerDay } from './chart-series';
import { CHART_LOAD_PROBLEM, type UPlotClass, loadUPlot, plotChart, stepLabels } from './load-uplot';
import { type MarketChartsData, liveMarketCharts } from './market-charts-data';

const HEIGHT = 220;
const OFFER_COLOUR = '#c0392b';
const REQUEST_COLOUR = '#1e8449';
const PRICE_COLOUR = '#1f5f99';
const VOLUME_FILL = 'rgba(120, 144, 156, 0.45)';

/**
 * The market in pictures (below the books): the hourly price with the
 * energy traded, the energy traded per day, and the depth of the book. A
 * sentence above them says the same for a screen reader; the drawings are
 * hidden from it. Kept live by the read model's changes (throttled).
 */
@Component({
  selector: 'app-market-charts',
  template: `
    <section class="card market-charts" aria-labelledby="market-charts-heading">
      <h2 id="market-charts-heading">Prices and volume</h2>
      @switch (view.state()) {
        @case ('loading') {
          <p class="hint" role="status"><span class="spinner" aria-hidden="true"></span> Loading the charts…</p>
        }
        @case ('failed') {
          <div class="problem" role="alert">
            <p>The charts could not be read: {{ view.error()?.message }}</p>
            <button type="button" (click)="view.reload()">Try again</button>
          </div>
        }
        @default {
          @if (view.stale(); as stale) {
            <p class="hint stale" role="status">The charts may be out of date: {{ stale.message }}</p>
          }
          <p class="charts-summary">{{ summary() }}</p>
          @if (drawError(); as problem) {
            <p class="problem" role="alert">{{ problem }}</p>
          }
          @if (traded()) {
            <figure>
              <figcaption>Average price per hour ({{ currency }} per kWh, line) and energy traded (kWh, bars), last 48 hours</figcaption>
              <div #priceChart class="chart" aria-hidden="true"></div>
            </figure>
            <figure>
              <figcaption>Energy traded per day (kWh), last 14 days</figcaption>
              <div #dailyChart class="chart" aria-hidden="true"></div>
            </figure>
          } @else {
            <p class="hint no-trades">No trades yet.</p>
          }
          @if (hasBook()) {
            <figure>
              <figcaption>Depth of the book: open requests (green) and offers (red), energy (kWh) by price ({{ currency }} per kWh)</figcaption>
              <div #depthChart class="chart" aria-hidden="true"></div>
            </figure>
          } @else {
            <p class="hint no-book">No open offers or requests.</p>
          }
        }
      }
    </section>
  `,
  styleUrls: ['../../../../node_modules/uplot/dist/uPlot.min.css'],
  styles: `
    .market-charts figure {
      margin: 1rem 0 0;
    }
    .market-charts figcaption {
      font-size: 0.9rem;
      margin-bottom: 0.25rem;
    }
    .market-charts .chart {
      width: 100%;
      min-height: 220px;
    }
  `,
  // uPlot builds its own elements, which the emulated encapsulation's attributes would not reach.
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MarketCharts {
  protected readonly view = liveMarketCharts(inject(ReadApi), inject(ReadModelUpdates).changes());
  protected readonly currency = currencySymbol();
  protected readonly summary = computed(() => {
    const data = this.view.value();
    return data ? chartsSummary(data) : '';
  });
  protected readonly traded = computed(() => {
    const data = this.view.value();
    return data !== null && hasTrades(data);
  });
  protected readonly hasBook = computed(() => {
    const data = this.view.value();
    return data !== null && (data.offers.length > 0 || data.requests.length > 0);
  });
  protected readonly drawError = signal<string | null>(null);

  private readonly priceChart = viewChild<ElementRef<HTMLElement>>('priceChart');
  private readonly dailyChart = viewChild<ElementRef<HTMLElement>>('dailyChart');
  private readonly depthChart = viewChild<ElementRef<HTMLElement>>('depthChart');
  private readonly drawn = new Map<string, uPlot>();
  private drawing = 0;

  constructor() {
    afterRenderEffect(() => {
      const data = this.view.value();
      const targets = { price: this.priceChart()?.nativeElement, daily: this.dailyChart()?.nativeElement, depth: this.depthChart()?.nativeElement };
      if (data) void this.draw(data, targets);
    });
    inject(DestroyRef).onDestroy(() => {
      this.drawing++;
      this.view.destroy();
      this.clear();
    });
  }

  private async draw(data: MarketChartsData, targets: Record<'price' | 'daily' | 'depth', HTMLElement | undefined>): Promise<void> {
    const generation = ++this.drawing;
    let UPlot: UPlotClass;
    try {
      UPlot = await loadUPlot();
    } catch {
      if (generation === this.drawing) this.drawError.set(CHART_LOAD_PROBLEM);
      return;
    }
    if (generation !== this.drawing) return;
    this.drawError.set(null);
    this.clear();
    const bars = UPlot.paths.bars!({ size: [0.6, 40] });
    const stepped = UPlot.paths.stepped!({ align: 1 });
    if (targets.price) {
      this.plot(UPlot, 'price', targets.price, priceAndVolume(data), {
        series: [
          {},
          { label: `Price (${this.currency}/kWh)`, stroke: PRICE_COLOUR, width: 2, scale: 'price', points: { show: true } },
          { label: 'Energy (kWh)', fill: VOLUME_FILL, stroke: VOLUME_FILL, paths: bars, scale: 'energy', points: { show: false } },
        ],
        axes: [{}, { scale: 'price', label: `${this.currency}/kWh`, values: stepLabels }, { scale: 'energy', side: 1, label: 'kWh', grid: { show: false }, values: stepLabels }],
      });
    }
    if (targets.daily) {
      this.plot(UPlot, 'daily', targets.daily, tradedPerDay(data), {
        series: [{}, { label: 'Energy (kWh)', fill: VOLUME_FILL, stroke: PRICE_COLOUR, paths: bars, points: { show: false } }],
        axes: [{}, { label: 'kWh', values: stepLabels }],
      });
    }
    if (targets.depth) {
      this.plot(UPlot, 'depth', targets.depth, depth(data.offers, data.requests), {
        scales: { x: { time: false } },
        series: [
          { label: `Price (${this.currency}/kWh)` },
          { label: 'Requests (kWh)', stroke: REQUEST_COLOUR, fill: 'rgba(30, 132, 73, 0.2)', paths: stepped, width: 2 },
          { label: 'Offers (kWh)', stroke: OFFER_COLOUR, fill: 'rgba(192, 57, 43, 0.2)', paths: stepped, width: 2 },
        ],
        axes: [{ label: `${this.currency}/kWh`, values: stepLabels }, { label: 'kWh', values: stepLabels }],
      });
    }
  }

  private plot(UPlot: UPlotClass, name: string, target: HTMLElement, columns: Columns, options: Omit<uPlot.Options, 'width' | 'height'>): void {
    this.drawn.set(name, plotChart(UPlot, target, HEIGHT, columns as uPlot.AlignedData, options));
  }

  private clear(): void {
    for (const chart of this.drawn.values()) chart.destroy();
    this.drawn.clear();
  }
}
