/**
 * Real HTTP against a running firmware/build/energy-node: the node API as
 * the delivery service and the dApp see it, restarts included.
 * Run: node --import tsx --test firmware/test/http/emulator.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { getTradeReport } from '../../../scripts/delivery/node-client';
import {
  type NodeStatus,
  type NodeTradeReport,
  newNonce,
  parseNodeError,
  parseNodeStatus,
  parseTradeReport,
  signBody,
} from '../../../src/app/nodes/node-protocol';
import { type RunningEmulator, runEmulatorToExit, startTestEmulator } from '../../../test/support/emulator';
import { waitFor } from '../../../test/support/wait-for';
import { rawExchange } from './raw-exchange';

const SECRET = 'http-test-secret';
// 360 W from a 13 V battery is about 28 A: above the default 20 A cut.
const LOAD = ['--export-watts', '360', '--max-current', '40'];

function orderBody(tradeId: number, quantityMilliWh: number, role?: 'export' | 'import'): string {
  return JSON.stringify(role ? { tradeId, quantityMilliWh, role } : { tradeId, quantityMilliWh });
}

interface PostOptions {
  /** null: no X-Signature; undefined: the right one. */
  readonly signature?: string | null;
  readonly nonce?: string | null;
  readonly path?: string;
}

/** A raw POST, so tests can send what a well-behaved client never would. */
async function postOrder(node: RunningEmulator, body: string, options: PostOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const signature = options.signature === undefined ? await signBody(SECRET, body) : options.signature;
  if (signature !== null) headers['X-Signature'] = signature;
  const nonce = options.nonce === undefined ? newNonce() : options.nonce;
  if (nonce !== null) headers['X-Nonce'] = nonce;
  return fetch(`${node.url}${options.path ?? '/api/trades'}`, { method: 'POST', headers, body });
}

/** GET with a fresh nonce, as every client of a trade must. */
function getWithNonce(node: RunningEmulator, path: string): Promise<Response> {
  return fetch(node.url + path, { headers: { 'X-Nonce': newNonce() } });
}

async function tradeOf(node: RunningEmulator, tradeId: number): Promise<NodeTradeReport> {
  const answer = await getTradeReport(node.url, SECRET, tradeId);
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  assert.ok(answer.verified, 'a trade report is signed over our nonce');
  return parseTradeReport(answer.body);
}

async function statusOf(node: RunningEmulator): Promise<NodeStatus> {
  const response = await fetch(`${node.url}/api/status`);
  assert.equal(response.status, 200);
  return parseNodeStatus(await response.json());
}

/**
 * Waits until the node's own clock has moved on by `samples` sampling periods:
 * had an order been queued, it would have started and closed the relay by
 * then. What the node says afterwards is final.
 */
async function afterSamples(node: RunningEmulator, samples: number): Promise<NodeStatus> {
  const { clockMs, samplePeriodMs } = await statusOf(node);
  return waitFor(
    async () => {
      const status = await statusOf(node);
      return status.clockMs >= clockMs + samples * samplePeriodMs && status;
    },
    { what: `${samples} samples of the node`, timeoutMs: 10_000, intervalMs: 20 },
  );
}

async function finishedTrade(node: RunningEmulator, tradeId: number, timeoutMs = 10_000): Promise<NodeTradeReport> {
  return waitFor(
    async () => {
      const trade = await tradeOf(node, tradeId);
      return trade.state === 'delivered' || trade.state === 'stopped' ? trade : undefined;
    },
    { what: `trade ${tradeId} to finish`, timeoutMs, intervalMs: 20 },
  );
}

async function expectError(response: Response, status: number, errorPart: string): Promise<void> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.match(response.headers.get('content-type') ?? '', /application\/json/);
  const body = parseNodeError(JSON.parse(text));
  assert.ok(body, `a refusal body: ${text}`);
  assert.equal(body.status, status);
  assert.ok(body.error.includes(errorPart), `"${body.error}" should mention "${errorPart}"`);
}

describe('energy-node emulator over HTTP', { timeout: 60_000 }, () => {
  let node: RunningEmulator;

  before(async () => {
    // 360 W: 10 mWh a second of simulated time, a second is 10 ms at scale 100.
    node = await startTestEmulator(['--secret', SECRET, '--time-scale', '100', ...LOAD, '--quiet']);
  });
  after(async () => {
    assert.equal(await node.stop(), 0);
  });

  it('serves status with every field of the seam and a CORS header', async () => {
    const response = await fetch(`${node.url}/api/status`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const status = parseNodeStatus(await response.json());
    assert.equal(status.timeScale, 100);
    assert.equal(status.connection, 'open');
    assert.equal(status.batterySocPct, 100);
    assert.equal(status.pvPowerW, 0);
    assert.ok(status.voltageV > 12 && status.voltageV < 14, `battery at rest: ${status.voltageV} V`);
    assert.ok(status.uptimeMs > 0);
  });

  it('serves a self-contained dashboard page', async () => {
    const response = await fetch(`${node.url}/`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const page = await response.text();
    assert.match(page, /<canvas/);
    assert.match(page, /\/api\/status/);
    assert.doesNotMatch(page, /https?:\/\/|src=|<link|@import|url\(/);
  });

  it('delivers a signed order and opens the relay at the ordered energy', async () => {
    const accepted = await postOrder(node, orderBody(1001, 2_000));
    assert.equal(accepted.status, 202);
    const queued = parseTradeReport(await accepted.json());
    assert.equal(queued.tradeId, 1001);
    assert.ok(queued.state === 'queued' || queued.state === 'delivering');

    const trade = await finishedTrade(node, 1001);
    assert.equal(trade.state, 'delivered');
    assert.equal(trade.stopReason, null);
    assert.ok(trade.deliveredMilliWh >= 2_000, `delivered ${trade.deliveredMilliWh}`);
    assert.ok(trade.deliveredMilliWh <= 2_000 + 10, 'overshoot within one 100 ms sample at 360 W');
    // 2 Wh at 360 W is 20 s of simulated time, sampled every 100 ms.
    assert.ok(Math.abs(trade.endedAtMs! - trade.startedAtMs! - 20_000) <= 100);
    const status = await statusOf(node);
    assert.equal(status.relayClosed, false);
    assert.equal(status.activeTradeId, null);
    assert.ok(status.energyExportedMilliWh >= 2_000);
  });

  it('answers the same order again with the same answer and delivers it once', async () => {
    const body = orderBody(1002, 500);
    assert.equal((await postOrder(node, body)).status, 202);
    await finishedTrade(node, 1002);
    const totalBefore = (await statusOf(node)).energyExportedMilliWh;

    const replay = await postOrder(node, body);
    assert.equal(replay.status, 202);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(parseTradeReport(await replay.json()).state, 'delivered');
    const status = await afterSamples(node, 200);
    assert.equal(status.relayClosed, false);
    assert.equal(status.queueLength, 0);
    assert.equal(status.energyExportedMilliWh, totalBefore);
  });

  it('answers every bad request with a 4xx JSON error and changes nothing', async () => {
    const before = await statusOf(node);
    const body = orderBody(2001, 100);
    await expectError(await postOrder(node, body, { signature: null }), 401, 'missing X-Signature');
    await expectError(await postOrder(node, body, { signature: await signBody('wrong-secret', body) }), 401, 'does not match');
    await expectError(await postOrder(node, body, { signature: (await signBody(SECRET, body)).slice(0, 40) }), 401, '64 hex digits');
    await expectError(await postOrder(node, orderBody(2001, 101), { signature: await signBody(SECRET, body) }), 401, 'does not match');
    await expectError(await postOrder(node, body, { nonce: null }), 400, 'missing X-Nonce');
    await expectError(await postOrder(node, body, { nonce: 'not-hex-digits-at-all' }), 400, 'X-Nonce must be 16 to 64 hex digits');
    await expectError(await fetch(`${node.url}/api/trades/2001`), 400, 'missing X-Nonce');
    for (const [bad, part] of [
      ['{"tradeId":2001', 'invalid JSON'],
      ['{"tradeId":2001,"quantityMilliWh":1.5}', 'must be an integer'],
      ['{"tradeId":"2001","quantityMilliWh":5}', 'must be an integer'],
      ['{"tradeId":2001}', 'missing field'],
      ['{"tradeId":2001,"quantityMilliWh":0}', 'must be between 1'],
      ['{"tradeId":2001,"quantityMilliWh":999999999999}', 'must be between 1'],
      ['{"tradeId":9007199254740992,"quantityMilliWh":5}', 'tradeId must be between'],
      ['{"tradeId":2001,"quantityMilliWh":5,"role":"seller"}', 'role must be'],
    ]) {
      await expectError(await postOrder(node, bad), 400, part);
    }
    await expectError(await postOrder(node, `{"tradeId":2001,"quantityMilliWh":5}${' '.repeat(300)}`), 413, 'larger than 256 bytes');
    await expectError(await getWithNonce(node, '/api/trades/2001'), 404, 'no trade 2001');
    await expectError(await getWithNonce(node, '/api/trades/abc'), 400, 'trade id must be');
    await expectError(await fetch(`${node.url}/api/elsewhere`), 404, 'no such resource');
    await expectError(await fetch(`${node.url}/api/trades`), 405, 'use POST, OPTIONS');
    await expectError(await fetch(`${node.url}/api/status`, { method: 'DELETE' }), 405, 'use GET, OPTIONS');

    // Long enough (28 simulated minutes at 360 W) to be still under way while we ask.
    assert.equal((await postOrder(node, orderBody(2002, 170_000))).status, 202);
    await expectError(await postOrder(node, orderBody(2002, 200)), 409, 'this order says export of 200 mWh');
    const cancel = JSON.stringify({ tradeId: 2002, reason: 'cancelled' });
    assert.equal((await postOrder(node, cancel, { path: '/api/trades/2002/stop' })).status, 200);
    await expectError(await postOrder(node, orderBody(2002, 170_000)), 410, 'was cancelled');

    const after = await statusOf(node);
    assert.ok(after.energyExportedMilliWh >= before.energyExportedMilliWh);
    assert.equal((await getWithNonce(node, '/api/trades/2001')).status, 404);
  });

  it('refuses malformed HTTP on the wire with a 4xx and closes', async () => {
    const chunked = await rawExchange(node.port,
      'POST /api/trades HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
    assert.match(chunked, /^HTTP\/1\.1 411 /);
    assert.match(chunked, /Connection: close/);
    const tooLarge = await rawExchange(node.port, 'POST /api/trades HTTP/1.1\r\nContent-Length: 100000\r\n\r\n');
    assert.match(tooLarge, /^HTTP\/1\.1 413 /);
    assert.match(tooLarge, /\{"error":"body exceeds 1024 bytes","status":413\}/);
    const hugeHeader = await rawExchange(node.port, `GET / HTTP/1.1\r\nX-Pad: ${'a'.repeat(10_000)}\r\n\r\n`);
    assert.match(hugeHeader, /^HTTP\/1\.1 431 /);
    const garbage = await rawExchange(node.port, 'HELLO\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400 /);
    assert.match(garbage, /Access-Control-Allow-Origin: \*/);
  });

  it('answers CORS preflight requests', async () => {
    const response = await fetch(`${node.url}/api/trades`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:4200', 'Access-Control-Request-Method': 'POST' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /X-Signature/);
    assert.match(response.headers.get('access-control-allow-headers') ?? '', /X-Nonce/);
  });

  it('keeps connections alive and answers pipelined requests in order', async () => {
    const request = 'GET /api/status HTTP/1.1\r\nHost: node\r\n\r\n';
    const pipelined = await rawExchange(node.port,
      request.repeat(20) + 'GET /api/trades/1001 HTTP/1.1\r\nX-Nonce: 0123456789abcdef\r\nConnection: close\r\n\r\n', 2_000);
    // Bodies carry no trailing newline, so each status line follows the previous body.
    const statusLines = pipelined.match(/HTTP\/1\.1 \d{3} /g) ?? [];
    assert.equal(statusLines.length, 21);
    assert.ok(statusLines.every((line) => line === 'HTTP/1.1 200 '));
    assert.match(pipelined, /"tradeId":1001[^}]*"state":"delivered"/);
  });
});

describe('energy-node emulator state across restarts', { timeout: 60_000 }, () => {
  let directory: string;
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'energy-node-http-'));
  });
  after(() => rmSync(directory, { recursive: true, force: true }));

  it('keeps delivered trades and the energy total across a restart and never delivers twice', async () => {
    const stateFile = join(directory, 'restart', 'node.json');
    const flags = ['--secret', SECRET, '--time-scale', '100', ...LOAD, '--state-file', stateFile, '--quiet'];
    const first = await startTestEmulator(flags);
    const body = orderBody(3001, 1_000);
    let delivered: NodeTradeReport;
    let total: number;
    try {
      assert.equal((await postOrder(first, body)).status, 202);
      delivered = await finishedTrade(first, 3001);
      total = (await statusOf(first)).energyExportedMilliWh;
    } finally {
      assert.equal(await first.stop('SIGTERM'), 0);
    }
    assert.match(first.stderr(), /state saved/);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    assert.equal(saved.trades[0].tradeId, 3001);

    const second = await startTestEmulator(flags);
    try {
      assert.deepEqual(await tradeOf(second, 3001), delivered);
      const status = await statusOf(second);
      assert.equal(status.energyExportedMilliWh, total);
      // The node clock carries on after the restart: trade times keep increasing.
      assert.ok(status.clockMs > delivered.endedAtMs!, `clock ${status.clockMs} after ${delivered.endedAtMs}`);
      const replay = await postOrder(second, body);
      assert.equal(replay.status, 202);
      assert.equal(parseTradeReport(await replay.json()).state, 'delivered');
      await expectError(await postOrder(second, orderBody(3001, 999)), 410, 'has ended under a different order');
      const later = await afterSamples(second, 200);
      assert.equal(later.relayClosed, false);
      assert.equal(later.queueLength, 0);
      assert.equal(later.energyExportedMilliWh, total);
    } finally {
      assert.equal(await second.stop('SIGINT'), 0);
    }
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`resumes a delivery cut short by a restart (${signal}) and delivers it up to the quantity`, async () => {
      const stateFile = join(directory, `interrupted-${signal}.json`);
      const flags = ['--secret', SECRET, '--time-scale', '20', ...LOAD, '--state-file', stateFile, '--quiet'];
      const first = await startTestEmulator(flags);
      let before: NodeTradeReport;
      try {
        assert.equal((await postOrder(first, orderBody(4001, 5_000))).status, 202);
        before = await waitFor(async () => {
          const trade = await tradeOf(first, 4001);
          // Past a checkpoint (every 5 s simulated), so even a kill loses little.
          return trade.deliveredMilliWh > 1_000 ? trade : undefined;
        }, { what: 'energy past the first checkpoints', timeoutMs: 10_000, intervalMs: 20 });
      } finally {
        await first.stop(signal);
      }

      const second = await startTestEmulator(flags);
      try {
        const resumed = await tradeOf(second, 4001);
        assert.equal(resumed.state, 'delivering');
        assert.equal(resumed.restarts, 1);
        assert.ok(resumed.deliveredMilliWh > 0 && resumed.deliveredMilliWh <= before.deliveredMilliWh + 400);
        assert.equal((await postOrder(second, orderBody(4001, 5_000))).status, 202);  // a replay, not a second delivery
        const done = await finishedTrade(second, 4001, 20_000);
        assert.equal(done.state, 'delivered');
        assert.equal(done.stopReason, null);
        assert.ok(done.deliveredMilliWh >= 5_000 && done.deliveredMilliWh <= 5_010, `delivered ${done.deliveredMilliWh}`);
        assert.ok(done.endedAtMs! > done.startedAtMs!);
        assert.equal((await statusOf(second)).energyExportedMilliWh, done.deliveredMilliWh);
      } finally {
        await second.stop();
      }
    });
  }

  it('keeps the battery charge across a restart', async () => {
    const stateFile = join(directory, 'battery.json');
    const flags = ['--secret', SECRET, '--time-scale', '100', '--battery-wh', '10', '--state-file', stateFile, '--quiet'];
    const first = await startTestEmulator(flags);
    let soc: number;
    try {
      assert.equal((await postOrder(first, orderBody(4501, 2_000))).status, 202);
      await finishedTrade(first, 4501);
      soc = (await statusOf(first)).batterySocPct!;
      assert.ok(soc < 85, `2 of 10 Wh sent: ${soc} %`);
    } finally {
      await first.stop();
    }
    const second = await startTestEmulator(flags);
    try {
      assert.ok(Math.abs((await statusOf(second)).batterySocPct! - soc) < 0.1);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start on a damaged state file rather than forget what it delivered', async () => {
    const stateFile = join(directory, 'damaged.json');
    writeFileSync(stateFile, '{"format": "energy-node-state", "version": 2, "trades": [');
    const { code, stderr } = await runEmulatorToExit(['--port', '0', '--state-file', stateFile]);
    assert.equal(code, 1);
    assert.match(stderr, /cannot use the state file/);
  });
});

describe('energy-node emulator physics', { timeout: 60_000 }, () => {
  it('stops a trade when the simulated battery goes flat', async () => {
    const node = await startTestEmulator(['--secret', SECRET, '--time-scale', '200', '--battery-wh', '0.5', '--quiet']);
    try {
      assert.equal((await postOrder(node, orderBody(5001, 5_000))).status, 202);
      const trade = await finishedTrade(node, 5001);
      assert.equal(trade.state, 'stopped');
      assert.equal(trade.stopReason, 'battery-flat');
      // 0.5 Wh at 90 % round trip: 0.5 x sqrt(0.9) Wh comes out.
      const expected = 500 * Math.sqrt(0.9);
      assert.ok(Math.abs(trade.deliveredMilliWh - expected) <= 2, `all the battery had: ${trade.deliveredMilliWh}`);
      const status = await statusOf(node);
      assert.equal(status.batterySocPct, 0);
      assert.equal(status.relayClosed, false);
    } finally {
      await node.stop();
    }
  });

  it('cuts an overloaded line on the first over-current sample', async () => {
    const node = await startTestEmulator(['--secret', SECRET, '--export-watts', '400', '--max-current', '20', '--quiet']);
    try {
      assert.equal((await postOrder(node, orderBody(6001, 5_000))).status, 202);
      const trade = await finishedTrade(node, 6001);
      assert.equal(trade.state, 'stopped');
      assert.equal(trade.stopReason, 'over-current');
      assert.equal(trade.endedAtMs! - trade.startedAtMs!, 100);
    } finally {
      await node.stop();
    }
  });

  it('gives the same figures at time scale 1 and 50', async () => {
    const results: NodeTradeReport[] = [];
    for (const scale of ['1', '50']) {
      const node = await startTestEmulator(['--secret', SECRET, '--time-scale', scale, ...LOAD, '--quiet']);
      try {
        assert.equal((await postOrder(node, orderBody(7001, 150))).status, 202);
        results.push(await finishedTrade(node, 7001));
      } finally {
        await node.stop();
      }
    }
    const [slow, fast] = results;
    assert.equal(fast.deliveredMilliWh, slow.deliveredMilliWh);
    assert.equal(fast.endedAtMs! - fast.startedAtMs!, slow.endedAtMs! - slow.startedAtMs!);
    assert.equal(fast.state, 'delivered');
  });

  it('simulates the household: PV at noon wasted by a full battery, load cut at night by a flat one', async () => {
    const noon = await startTestEmulator(['--secret', SECRET, '--time-scale', '1000', '--pv-watts', '500', '--cloud-cover', '0',
      '--start-hour', '11.5', '--load-profile', 'flat', '--load-wh-per-day', '2400', '--battery-wh', '50', '--quiet']);
    const night = await startTestEmulator(['--secret', SECRET, '--time-scale', '1000', '--pv-watts', '500',
      '--start-hour', '22', '--load-profile', 'flat', '--load-wh-per-day', '2400', '--battery-wh', '5', '--quiet']);
    try {
      const sunny = await waitFor(async () => {
        const status = parseNodeStatus(await (await fetch(`${noon.url}/api/status`)).json());
        return status.curtailedWh! > 10 ? status : undefined;
      }, { what: 'PV to be curtailed', timeoutMs: 10_000, intervalMs: 20 });
      assert.ok(sunny.pvPowerW! > 400, `PV at noon: ${sunny.pvPowerW} W`);
      assert.ok(Math.abs(sunny.loadPowerW! - 100) < 0.001);
      assert.equal(sunny.batterySocPct, 100);
      assert.equal(sunny.unmetLoadWh, 0);
      // The counters a community's hour-by-hour figures come from: the battery was full, so PV
      // energy = load energy served + PV wasted (the battery took nothing in).
      assert.equal(sunny.batteryCapacityWh, 50);
      assert.ok(sunny.pvEnergyWh! > sunny.curtailedWh!, `PV ${sunny.pvEnergyWh} Wh, wasted ${sunny.curtailedWh} Wh`);
      assert.ok(Math.abs(sunny.pvEnergyWh! - sunny.loadEnergyWh! - sunny.curtailedWh!) < 0.01);

      const dark = await waitFor(async () => {
        const status = parseNodeStatus(await (await fetch(`${night.url}/api/status`)).json());
        return status.unmetLoadWh! > 5 ? status : undefined;
      }, { what: 'load to go unmet', timeoutMs: 10_000, intervalMs: 20 });
      assert.equal(dark.pvPowerW, 0);
      assert.equal(dark.loadPowerW, 0);  // the low-voltage disconnect cut it
      assert.ok(dark.batterySocPct! < 5);
      assert.equal(dark.curtailedWh, 0);
      assert.equal(dark.pvEnergyWh, 0);
      // Load asked for counts whether it was served or not; what was served came from the 5 Wh battery.
      const served = dark.loadEnergyWh! - dark.unmetLoadWh!;
      assert.ok(served > 0 && served <= 5, `load ${dark.loadEnergyWh} Wh, unmet ${dark.unmetLoadWh} Wh`);
    } finally {
      await noon.stop();
      await night.stop();
    }
  });

  it('refuses bad flags with a message and exit code 2', async () => {
    const { code, stderr } = await runEmulatorToExit(['--time-scale', 'fast']);
    assert.equal(code, 2);
    assert.match(stderr, /--time-scale fast: expected/);
  });
});
