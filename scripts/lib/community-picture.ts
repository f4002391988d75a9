/**
 * The community hour by hour, from its nodes' readings: PV produced, load
 * asked for, load unmet, PV wasted, energy sent for trades, and the energy in
 * the batteries at each hour's end. Each reading is compared with the node's
 * previous one: counters (PV and load energy, unmet, curtailed, exported) give
 * exact differences; a node that does not count PV or load energy (a board)
 * has its powers integrated (trapezoids) instead. What falls between two
 * readings is shared among the hours they span in proportion to time.
 *
 * The indexer keeps one for the live community in the read model
 * (scripts/indexer/community-hours/, GET /api/community/hours). `npm run
 * simulate` reads its nodes at whole hours instead (scripts/simulate/day-readings.ts).
 */
import type { ApiCommunityHour as CommunityHour } from '../../src/app/read-model/api-shapes';
import type { NodeStatus } from '../../src/app/nodes/node-protocol';

const MS_PER_HOUR = 3_600_000;

interface Reading {
  readonly atMs: number;
  readonly status: NodeStatus;
}

interface HourSums {
  pvWh: number;
  loadWh: number;
  unmetLoadWh: number;
  curtailedWh: number;
  tradedWh: number;
  /** Per node: stored Wh and capacity at its last reading in the hour. */
  battery: Map<string, { storedWh: number; capacityWh: number }>;
}

export class CommunityPicture {
  private readonly last = new Map<string, Reading>();
  private readonly hours = new Map<number, HourSums>();

  constructor(
    /** The time of day ("HH:00") an hour starts at. */
    private readonly timeOfDayOf: (atMs: number) => string,
    /** Hours kept; older ones are dropped. */
    private readonly keepHours = 48,
  ) {}

  add(node: string, atMs: number, status: NodeStatus): void {
    const previous = this.last.get(node);
    this.last.set(node, { atMs, status });
    const hour = this.hour(Math.floor(atMs / MS_PER_HOUR));
    if (status.batterySocPct !== null && status.batteryCapacityWh !== null) {
      hour.battery.set(node, { storedWh: (status.batterySocPct / 100) * status.batteryCapacityWh, capacityWh: status.batteryCapacityWh });
    }
    if (!previous || atMs <= previous.atMs) return;
    const before = previous.status;
    const hours = (atMs - previous.atMs) / MS_PER_HOUR;
    const delta = {
      pvWh: counterDelta(before.pvEnergyWh, status.pvEnergyWh) ?? trapezoid(before.pvPowerW, status.pvPowerW, hours),
      loadWh: counterDelta(before.loadEnergyWh, status.loadEnergyWh) ?? trapezoid(before.loadPowerW, status.loadPowerW, hours),
      unmetLoadWh: counterDelta(before.unmetLoadWh, status.unmetLoadWh) ?? 0,
      curtailedWh: counterDelta(before.curtailedWh, status.curtailedWh) ?? 0,
      tradedWh: (counterDelta(before.energyExportedMilliWh, status.energyExportedMilliWh) ?? 0) / 1000,
    };
    this.spread(previous.atMs, atMs, delta);
    this.prune();
  }

  /** The last `count` hours that have readings, oldest first. */
  picture(count = 24): CommunityHour[] {
    const keys = [...this.hours.keys()].sort((a, b) => a - b).slice(-count);
    return keys.map((hour) => {
      const sums = this.hours.get(hour)!;
      const battery = [...sums.battery.values()];
      return {
        hour,
        timeOfDay: this.timeOfDayOf(hour * MS_PER_HOUR),
        pvWh: round(sums.pvWh),
        loadWh: round(sums.loadWh),
        unmetLoadWh: round(sums.unmetLoadWh),
        curtailedWh: round(sums.curtailedWh),
        tradedWh: round(sums.tradedWh),
        batteryWh: round(battery.reduce((total, node) => total + node.storedWh, 0)),
        batteryCapacityWh: round(battery.reduce((total, node) => total + node.capacityWh, 0)),
        nodes: battery.length,
      };
    });
  }

  /** Adds what happened between two readings to the hours it spans, in proportion to time. */
  private spread(fromMs: number, toMs: number, delta: Record<'pvWh' | 'loadWh' | 'unmetLoadWh' | 'curtailedWh' | 'tradedWh', number>): void {
    const span = toMs - fromMs;
    for (let start = fromMs; start < toMs; ) {
      const hourIndex = Math.floor(start / MS_PER_HOUR);
      const end = Math.min(toMs, (hourIndex + 1) * MS_PER_HOUR);
      const share = (end - start) / span;
      const hour = this.hour(hourIndex);
      hour.pvWh += delta.pvWh * share;
      hour.loadWh += delta.loadWh * share;
      hour.unmetLoadWh += delta.unmetLoadWh * share;
      hour.curtailedWh += delta.curtailedWh * share;
      hour.tradedWh += delta.tradedWh * share;
      start = end;
    }
  }

  private hour(index: number): HourSums {
    let sums = this.hours.get(index);
    if (!sums) {
      sums = { pvWh: 0, loadWh: 0, unmetLoadWh: 0, curtailedWh: 0, tradedWh: 0, battery: new Map() };
      this.hours.set(index, sums);
    }
    return sums;
  }

  private prune(): void {
    const keys = [...this.hours.keys()].sort((a, b) => a - b);
    for (const key of keys.slice(0, Math.max(0, keys.length - this.keepHours))) this.hours.delete(key);
  }
}

/** A counter's growth; undefined when either reading lacks it; 0 when it went back (a node that lost its count). */
function counterDelta(before: number | null, after: number | null): number | undefined {
  if (before === null || after === null) return undefined;
  return Math.max(0, after - before);
}

function trapezoid(before: number | null, after: number | null, hours: number): number {
  if (before === null || after === null) return 0;
  return ((before + after) / 2) * hours;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
