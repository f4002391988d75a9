/**
 * What the households' nodes counted: the emulators' running totals of PV
 * produced, load asked for, load cut (battery flat) and PV wasted (battery
 * full), the energy in each battery and the energy sent to the line, read from
 * their signed /api/status. A day's figures are differences of two readings,
 * so they are exact whenever the readings are taken.
 */
import { type NodeStatus, parseNodeStatus } from '../../src/app/nodes/node-protocol';
import { getStatus } from '../delivery/node-client';
import type { SimulatedNode } from './simulated-community';

/** One node's counters at one moment, Wh. */
export interface NodeCounters {
  readonly pvWh: number;
  readonly loadWh: number;
  readonly unmetLoadWh: number;
  readonly curtailedWh: number;
  readonly storedWh: number;
  readonly exportedWh: number;
}

/** A community's figures over a span of time (or, for `storedWh`, at its end), Wh. */
export interface CommunityTotals {
  readonly pvWh: number;
  readonly loadWh: number;
  readonly unmetLoadWh: number;
  readonly curtailedWh: number;
  readonly storedWh: number;
  readonly tradedWh: number;
}

export async function readCounters(node: SimulatedNode): Promise<NodeCounters> {
  const answer = await getStatus(node.url, node.secret, 5000);
  if (answer.status !== 200) throw new Error(`node ${node.url} answered ${answer.status}`);
  const status: NodeStatus = parseNodeStatus(answer.body);
  const figure = (name: keyof NodeStatus) => {
    const value = status[name];
    if (typeof value !== 'number') throw new Error(`node ${node.url} does not report ${name}: is it the emulator with a household?`);
    return value;
  };
  return {
    pvWh: figure('pvEnergyWh'),
    loadWh: figure('loadEnergyWh'),
    unmetLoadWh: figure('unmetLoadWh'),
    curtailedWh: figure('curtailedWh'),
    storedWh: (figure('batterySocPct') / 100) * figure('batteryCapacityWh'),
    exportedWh: status.energyExportedMilliWh / 1000,
  };
}

export function readAll(nodes: readonly SimulatedNode[]): Promise<NodeCounters[]> {
  return Promise.all(nodes.map(readCounters));
}

/** The community's totals between two readings of the same nodes. */
export function totalsBetween(before: readonly NodeCounters[], after: readonly NodeCounters[]): CommunityTotals {
  const sum = (pick: (counters: NodeCounters) => number, list: readonly NodeCounters[]) => list.reduce((total, each) => total + pick(each), 0);
  const delta = (pick: (counters: NodeCounters) => number) => sum(pick, after) - sum(pick, before);
  return {
    pvWh: delta((c) => c.pvWh),
    loadWh: delta((c) => c.loadWh),
    unmetLoadWh: delta((c) => c.unmetLoadWh),
    curtailedWh: delta((c) => c.curtailedWh),
    storedWh: sum((c) => c.storedWh, after),
    tradedWh: delta((c) => c.exportedWh),
  };
}
