import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  ViewEncapsulation,
  afterRenderEffect,
  computed,
  effect,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import type uPlot from 'uplot';

import type { ApiCommunityHour } from '../../read-model/api-shapes';
import { ReadApi } from '../../read-model/read-api';
import { ReadModelUpdates } from '../../read-model/read-model-updates';
import { communityColumns, communitySummary, formatWh, liveCommunityEnergy } from './community-energy-data';
import { CHART_LOAD_PROBLEM, loadUPlot, plotChart, stepLabels } from './load-uplot';

const HEIGHT = 240;
const PV_COLOUR = '#b9770e';
const LOAD_COLOUR = '#34495e';
const BATTERY_COLOUR = '#1e8449';
const TRADED_FILL = 'rgba(31, 95, 153, 0.45)';
/** After the hour turns, this long for the nodes' next readings to be in. */
const AFTER_HOUR_MS = 1500;

/**
 * The community's energy hour by hour, from its nodes' readings: PV produced,
 * load, the batteries' stored energy and the energy traded. On the market
 * page, beside the prices, so a household sees when the community has energy
 * to spare. A sentence and a table say the same for a screen reader (the
 * drawing is hidden from it). Read again when a trade changes the market and
 * when the community's hour turns.
 */
@Component({
  selector: 'app-community-energy',
  template: `
    <section class="card community-energy" aria-labelledby="community-energy-heading">
      <h2 id="community-energy-heading">Community energy</h2>
      @switch (view.state()) {
        @case ('loading') {
          <p class="hint" role="status"><span class="spinner" aria-hidden="true"></span> Loading the community's hours…</p>
        }
        @case ('failed') {
          <div class="problem" role="alert">
            <p>The community's hours could not be read: {{ view.error()?.message }}</p>
            <button type="button" (click)="view.reload()">Try again</button>
          </div>
        }
        @default {
          @if (view.stale(); as stale) {
            <p class="hint stale" role="status">The hours may be out of date: {{ stale.message }}</p>
          }
          @if (hours().length === 0) {
            <p class="hint no-readings">No node readings yet.</p>
          }
          <p class="community-summary">{{ summary() }}</p>
          @if (drawError(); as problem) {
            <p class="problem" role="alert">{{ problem }}</p>
          }
          @if (hours().length > 0) {
            <figure>
              <figcaption>
                Per hour of the community's day: solar (PV) produced, load used and energy traded (kWh), and energy stored in the batteries at the
                hour's end (kWh, right axis)
              </figcaption>
              <div #chart class="chart" aria-hidden="true"></div>
            </figure>
            <details>
              <summary>The hours as a table</summary>
              <div class="table-scroll">
                <table>
                  <caption class="visually-hidden">The community's energy per hour</caption>
                  <thead>
                    <tr>
                      <th scope="col">Hour</th>
                      <th scope="col">Solar</th>
                      <th scope="col">Load</th>
                      <th scope="col">Traded</th>
                      <th scope="col">Stored at its end</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (hour of hours(); track hour.hour) {
                      <tr>
                        <th scope="row">{{ hour.timeOfDay }}</th>
                        <td>{{ wh(hour.pvWh) }}</td>
                        <td>{{ wh(hour.loadWh) }}</td>
                        <td>{{ wh(hour.tradedWh) }}</td>
                        <td>{{ wh(hour.batteryWh) }}</td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            </details>
          }
        }
      }
    </section>
  `,
  styleUrls: ['../../../../node_modules/uplot/dist/uPlot.min.css'],
  styles: `
    .community-energy figure {
      margin: 1rem 0 0;
    }
    .community-energy figcaption {
      font-size: 0.9rem;
      margin-bottom: 0.25rem;
    }
    .community-energy .chart {
      width: 100%;
      min-height: 240px;
    }
    .community-energy .table-scroll {
      overflow-x: auto;
    }
    .community-energy td {
      text-align: right;
    }
  `,
  // uPlot builds its own elements, which the emulated encapsulation's attributes would not reach.
  encapsulation: ViewEncapsulation.None,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CommunityEnergy {
  protected readonly view = liveCommunityEnergy(inject(ReadApi), inject(ReadModelUpdates).changes());
  protected readonly hours = computed<readonly ApiCommunityHour[]>(() => this.view.value()?.hours ?? []);
  protected readonly summary = computed(() => communitySummary(this.hours()));
  protected readonly drawError = signal<string | null>(null);
  protected readonly wh = formatWh;

  private readonly chart = viewChild<ElementRef<HTMLElement>>('chart');
  private drawn?: uPlot;
  private drawing = 0;
  private hourTimer?: ReturnType<typeof setTimeout>;

  constructor() {
    afterRenderEffect(() => {
      const hours = this.hours();
      const target = this.chart()?.nativeElement;
      if (target && hours.length > 0) void this.draw(hours, target);
    });
    // When the community's hour turns, its last hour is complete: read again.
    effect(() => {
      const answer = this.view.value();
      clearTimeout(this.hourTimer);
      if (answer) this.hourTimer = setTimeout(() => void this.view.reload(true), answer.nextHourInMs + AFTER_HOUR_MS);
    });
    inject(DestroyRef).onDestroy(() => {
      this.drawing++;
      clearTimeout(this.hourTimer);
      this.view.destroy();
      this.drawn?.destroy();
    });
  }

  private async draw(hours: readonly ApiCommunityHour[], target: HTMLElement): Promise<void> {
    const generation = ++this.drawing;
    let UPlot;
    try {
      UPlot = await loadUPlot();
    } catch {
      if (generation === this.drawing) this.drawError.set(CHART_LOAD_PROBLEM);
      return;
    }
    if (generation !== this.drawing) return;
    this.drawError.set(null);
    this.drawn?.destroy();
    const timeOfDay = new Map(hours.map((hour) => [hour.hour, hour.timeOfDay]));
    this.drawn = plotChart(UPlot, target, HEIGHT, communityColumns(hours) as uPlot.AlignedData, {
      scales: { x: { time: false } },
      series: [
        { label: 'Hour', value: (_, hour) => timeOfDay.get(hour) ?? '' },
        { label: 'Solar (kWh)', stroke: PV_COLOUR, width: 2, scale: 'energy' },
        { label: 'Load (kWh)', stroke: LOAD_COLOUR, width: 2, scale: 'energy' },
        { label: 'Stored (kWh)', stroke: BATTERY_COLOUR, width: 2, dash: [6, 4], scale: 'stored' },
        { label: 'Traded (kWh)', fill: TRADED_FILL, stroke: TRADED_FILL, paths: UPlot.paths.bars!({ size: [0.6, 40] }), scale: 'energy', points: { show: false } },
      ],
      axes: [
        { values: (_, ticks) => ticks.map((hour) => timeOfDay.get(hour) ?? ''), incrs: [1, 2, 3, 4, 6, 12] },
        { scale: 'energy', label: 'kWh per hour', values: stepLabels },
        { scale: 'stored', side: 1, label: 'kWh stored', grid: { show: false }, values: stepLabels },
      ],
    });
  }
}
