/**
 * The community's hours end to end: node emulators with PV, household load
 * and batteries, one trade delivered over the line, the indexer reading the
 * nodes on the community clock into the read model, and the read API serving
 * the hours. Each complete hour's PV, load and traded energy match what the
 * nodes' own counters say over that hour, and its stored energy is what the
 * batteries held at the hour's end; a restart of the indexer keeps the hours.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { ApiCommunityHour, ApiCommunityHours } from '../../src/app/read-model/api-shapes';
import { type NodeStatus, parseNodeStatus } from '../../src/app/nodes/node-protocol';
import { buy, createOffer, waitForSettlement } from '../support/system/market';
import { TestSystem } from '../support/system/test-system';
import { waitFor } from '../support/wait-for';

/** An hour of the community in 10 s of real time. */
const TIME_SCALE = 360;
const SAMPLE_MINUTES = 5;
const SAMPLE_MS = SAMPLE_MINUTES * 60_000;
const START_HOUR = 9;
const MS_PER_HOUR = 3_600_000;
const PV_WATTS = [600, 300, 0];
const LOAD_WH_PER_DAY = [2400, 4800, 1200];

interface Reading {
  readonly clockMs: number;
  readonly status: NodeStatus;
}

describe("the community's hours", () => {
  let system: TestSystem;
  let epochMs: number;
  /** What each node said, read by the test itself several times a second. */
  const readings: Reading[][] = [[], [], []];
  let recording = true;
  let recorder: Promise<void>;

  const hours = async (query = ''): Promise<ApiCommunityHours> => {
    const response = await fetch(`${system.baseUrl}/api/community/hours${query}`);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as ApiCommunityHours;
  };
  const clockMs = () => (Date.now() - epochMs) * TIME_SCALE;
  const currentHour = () => Math.floor(clockMs() / MS_PER_HOUR);
  /**
   * Over, with the indexer's first reading after it in (what falls between two
   * readings is shared among the hours they span), and read by the test from
   * its start (the system takes some of the community's hours to start).
   */
  const complete = (hours: readonly ApiCommunityHour[], beforeMs = clockMs()) =>
    hours.filter(
      (hour) =>
        (hour.hour + 1) * MS_PER_HOUR + 2 * SAMPLE_MS <= beforeMs &&
        readings.every((node) => node.length > 0 && node[0].clockMs <= hour.hour * MS_PER_HOUR),
    );

  before(async () => {
    epochMs = Math.ceil(Date.now() / 1000) * 1000;
    system = await TestSystem.start({
      nodes: 3,
      timeScale: TIME_SCALE,
      server: true,
      indexer: true,
      nodeOptions: (i) => ({
        epochMs,
        startHour: START_HOUR,
        batteryWh: 2000,
        initialSocPct: 40 + 10 * i,
        pvWatts: PV_WATTS[i],
        cloudCover: 0,
        loadProfile: 'flat',
        loadWhPerDay: LOAD_WH_PER_DAY[i],
        loadWatts: 120,
      }),
      community: { clock: { epochMs, timeScale: TIME_SCALE, startHour: START_HOUR }, sampleMinutes: SAMPLE_MINUTES },
    });
    recorder = (async () => {
      while (recording) {
        await Promise.all(
          system.nodes.map(async (node, i) => {
            const status = parseNodeStatus(await (await fetch(`${node.entry.url}/api/status`)).json());
            readings[i].push({ clockMs: status.clockMs, status });
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
  });
  after(async () => {
    recording = false;
    await recorder?.catch(() => undefined);
    await system?.stop();
  });

  it('serves each complete hour as the nodes counted it: PV, load, traded energy and the batteries at its end', async () => {
    // In an hour the test reads from its start, household 1 (the most PV) sells 30 Wh to household 3, delivered over the line and settled.
    await waitFor(() => readings.every((node) => node.length > 0 && node[0].clockMs <= currentHour() * MS_PER_HOUR), {
      what: 'an hour the test reads from its start',
      timeoutMs: 60_000,
    });
    const firstTradeHour = currentHour();
    const { offerId } = await createOffer(system, 0, 30_000, 1n);
    const trade = await buy(system, 2, offerId, 30_000, 1n);
    await waitForSettlement(system, trade.tradeId, 120_000);
    const tradeHour = Math.floor((Date.now() - epochMs) * TIME_SCALE / MS_PER_HOUR);
    // Two complete hours, the trade's among them.
    const answer = await waitFor(
      async () => {
        const found = await hours('?hours=48');
        const done = complete(found.hours);
        return done.length >= 2 && done.some((hour) => hour.hour >= tradeHour) && found;
      },
      { what: 'two complete hours in the read API', timeoutMs: 120_000, intervalMs: 500 },
    );
    const done = complete(answer.hours);
    for (const hour of done) assertMatchesNodes(hour);
    assert.ok(done.some((hour) => hour.hour === firstTradeHour), 'the hour the trade began is shown');
    assert.ok(done.reduce((sum, hour) => sum + hour.tradedWh, 0) >= 29, 'the 30 Wh sold were sent in the hours shown');
    assert.ok(done.every((hour) => hour.pvWh > 0 && hour.loadWh > 0 && hour.nodes === 3));
    assert.match(answer.timeOfDay, /^\d\d:\d\d$/);
    assert.ok(answer.nextHourInMs > 0 && answer.nextHourInMs <= MS_PER_HOUR / TIME_SCALE);
    assert.equal(answer.hours.at(-1)!.timeOfDay, `${String((START_HOUR + answer.hours.at(-1)!.hour) % 24).padStart(2, '0')}:00`);
  });

  it('keeps the hours across a restart of the indexer and carries on from the readings it stored', async () => {
    const killedAtMs = clockMs();
    await system.killIndexer();
    const before = complete((await hours('?hours=48')).hours, killedAtMs);
    assert.ok(before.length > 0);
    await system.startIndexer();
    const restartHour = currentHour();
    const after = await waitFor(
      async () => {
        const found = (await hours('?hours=48')).hours;
        return complete(found).some((hour) => hour.hour >= restartHour) && found;
      },
      { what: 'a complete hour after the restart', timeoutMs: 120_000, intervalMs: 500 },
    );
    for (const hour of before) assert.deepEqual(after.find((each) => each.hour === hour.hour), hour, `hour ${hour.hour} unchanged`);
    for (const hour of complete(after).filter((each) => each.hour >= restartHour)) assertMatchesNodes(hour);
    assert.ok(complete(after).some((hour) => hour.hour >= restartHour), 'an hour after the restart checked');
  });

  it('answers a bounded number of hours and refuses what it does not know', async () => {
    assert.equal((await hours('?hours=1')).hours.length, 1);
    for (const query of ['?hours=0', '?hours=49', '?hours=x', '?days=2']) {
      const response = await fetch(`${system.baseUrl}/api/community/hours${query}`);
      assert.equal(response.status, 400, query);
      assert.match(((await response.json()) as { error: string }).error, /hours|days/);
    }
  });

  /** Within what the sampling allows: a reading's time is known to within a request's latency. */
  function assertMatchesNodes(hour: ApiCommunityHour): void {
    const start = hour.hour * MS_PER_HOUR;
    const end = start + MS_PER_HOUR;
    const counted = (field: (status: NodeStatus) => number) =>
      readings.reduce((sum, nodeReadings) => sum + at(nodeReadings, end, field) - at(nodeReadings, start, field), 0);
    const close = (name: string, actual: number, expected: number) =>
      assert.ok(Math.abs(actual - expected) <= 0.02 * expected + 5, `hour ${hour.hour} ${name}: ${actual} Wh served, the nodes counted ${expected.toFixed(1)} Wh`);
    close('PV', hour.pvWh, counted((status) => status.pvEnergyWh!));
    close('load', hour.loadWh, counted((status) => status.loadEnergyWh!));
    close('traded', hour.tradedWh, counted((status) => status.energyExportedMilliWh / 1000));
    // The hour's last reading by the indexer fell in its last sampling interval: the batteries then.
    const window = (nodeReadings: Reading[]) =>
      nodeReadings
        .filter((reading) => reading.clockMs >= end - 2 * SAMPLE_MS && reading.clockMs <= end)
        .map((reading) => (reading.status.batterySocPct! / 100) * reading.status.batteryCapacityWh!);
    const low = readings.reduce((sum, nodeReadings) => sum + Math.min(...window(nodeReadings)), 0);
    const high = readings.reduce((sum, nodeReadings) => sum + Math.max(...window(nodeReadings)), 0);
    assert.ok(hour.batteryWh >= low - 1 && hour.batteryWh <= high + 1, `hour ${hour.hour} battery ${hour.batteryWh} Wh, the nodes held ${low.toFixed(1)} to ${high.toFixed(1)} Wh at its end`);
    assert.equal(hour.batteryCapacityWh, 6000);
  }
});

/** A node's counter at community clock `atMs`, between the readings either side of it. */
function at(readings: readonly Reading[], atMs: number, field: (status: NodeStatus) => number): number {
  const after = readings.findIndex((reading) => reading.clockMs >= atMs);
  assert.ok(after > 0, `the test read the node on both sides of ${atMs}`);
  const [a, b] = [readings[after - 1], readings[after]];
  const share = b.clockMs === a.clockMs ? 0 : (atMs - a.clockMs) / (b.clockMs - a.clockMs);
  return field(a.status) + share * (field(b.status) - field(a.status));
}
