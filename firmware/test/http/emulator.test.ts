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

import { type RunningEmulator, runEmulatorToExit, signOrder, startTestEmulator } from '../../../test/support/emulator';
import { waitFor } from '../../../test/support/wait-for';
import { rawExchange } from './raw-exchange';

const SECRET = 'http-test-secret';
// 360 W from a 13 V battery is about 28 A: above the default 20 A cut.
const LOAD = ['--load-watts', '360', '--max-current', '40'];

interface TradeView {
  tradeId: number;
  quantityMilliWh: number;
  state: 'queued' | 'delivering' | 'delivered' | 'stopped';
  deliveredMilliWh: number;
  startedAtMs: number | null;
  endedAtMs: number | null;
  stopReason: string | null;
}

interface StatusView {
  voltageV: number;
  currentA: number;
  powerW: number;
  energyTotalMilliWh: number;
  relayClosed: boolean;
  activeTradeId: number | null;
  queueLength: number;
  uptimeMs: number;
  activeTrade: (TradeView & { progressPct: number }) | null;
  timeScale: number;
  batterySocPct: number | null;
}

function orderBody(tradeId: number, quantityMilliWh: number): string {
  return JSON.stringify({ tradeId, quantityMilliWh });
}

function postOrder(node: RunningEmulator, body: string, signature: string | null = signOrder(body, SECRET)) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (signature !== null) headers['X-Signature'] = signature;
  return fetch(`${node.url}/api/trades`, { method: 'POST', headers, body });
}

async function getJson<T>(node: RunningEmulator, path: string): Promise<T> {
  const response = await fetch(node.url + path);
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return (await response.json()) as T;
}

async function finishedTrade(node: RunningEmulator, tradeId: number, timeoutMs = 10_000): Promise<TradeView> {
  return waitFor(
    async () => {
      const trade = await getJson<TradeView>(node, `/api/trades/${tradeId}`);
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
  const body = JSON.parse(text) as { error: string };
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
    const status = (await response.json()) as StatusView;
    for (const field of ['voltageV', 'currentA', 'powerW', 'energyTotalMilliWh', 'relayClosed', 'activeTradeId',
      'queueLength', 'uptimeMs']) {
      assert.ok(field in status, `status lacks ${field}`);
    }
    assert.equal(status.timeScale, 100);
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
    const queued = (await accepted.json()) as TradeView;
    assert.equal(queued.tradeId, 1001);
    assert.ok(queued.state === 'queued' || queued.state === 'delivering');

    const trade = await finishedTrade(node, 1001);
    assert.equal(trade.state, 'delivered');
    assert.equal(trade.stopReason, null);
    assert.ok(trade.deliveredMilliWh >= 2_000, `delivered ${trade.deliveredMilliWh}`);
    assert.ok(trade.deliveredMilliWh <= 2_000 + 10, 'overshoot within one 100 ms sample at 360 W');
    // 2 Wh at 360 W is 20 s of simulated time, sampled every 100 ms.
    assert.ok(Math.abs(trade.endedAtMs! - trade.startedAtMs! - 20_000) <= 100);
    const status = await getJson<StatusView>(node, '/api/status');
    assert.equal(status.relayClosed, false);
    assert.equal(status.activeTradeId, null);
    assert.ok(status.energyTotalMilliWh >= 2_000);
  });

  it('answers the same order again with the same answer and delivers it once', async () => {
    const body = orderBody(1002, 500);
    assert.equal((await postOrder(node, body)).status, 202);
    await finishedTrade(node, 1002);
    const totalBefore = (await getJson<StatusView>(node, '/api/status')).energyTotalMilliWh;

    const replay = await postOrder(node, body);
    assert.equal(replay.status, 202);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(((await replay.json()) as TradeView).state, 'delivered');
    await new Promise((done) => setTimeout(done, 200));  // 20 s simulated
    const status = await getJson<StatusView>(node, '/api/status');
    assert.equal(status.relayClosed, false);
    assert.equal(status.energyTotalMilliWh, totalBefore);
  });

  it('answers every bad request with a 4xx JSON error and changes nothing', async () => {
    const before = await getJson<StatusView>(node, '/api/status');
    const body = orderBody(2001, 100);
    await expectError(await postOrder(node, body, null), 401, 'missing X-Signature');
    await expectError(await postOrder(node, body, signOrder(body, 'wrong-secret')), 401, 'does not match');
    await expectError(await postOrder(node, body, signOrder(body, SECRET).slice(0, 40)), 401, '64 hex digits');
    await expectError(await postOrder(node, orderBody(2001, 101), signOrder(body, SECRET)), 401, 'does not match');
    for (const [bad, part] of [
      ['{"tradeId":2001', 'invalid JSON'],
      ['{"tradeId":2001,"quantityMilliWh":1.5}', 'must be an integer'],
      ['{"tradeId":"2001","quantityMilliWh":5}', 'must be an integer'],
      ['{"tradeId":2001}', 'missing field'],
      ['{"tradeId":2001,"quantityMilliWh":0}', 'must be between 1'],
      ['{"tradeId":2001,"quantityMilliWh":999999999999}', 'must be between 1'],
      ['{"tradeId":9007199254740992,"quantityMilliWh":5}', 'tradeId must be between'],
      [`{"tradeId":2001,"quantityMilliWh":5}${' '.repeat(300)}`, 'larger than 256 bytes'],
    ]) {
      await expectError(await postOrder(node, bad), 400, part);
    }
    await expectError(await fetch(`${node.url}/api/trades/2001`), 404, 'no trade 2001');
    await expectError(await fetch(`${node.url}/api/trades/abc`), 400, 'trade id must be');
    await expectError(await fetch(`${node.url}/api/elsewhere`), 404, 'no such resource');
    await expectError(await fetch(`${node.url}/api/trades`), 405, 'use POST, OPTIONS');
    await expectError(await fetch(`${node.url}/api/status`, { method: 'DELETE' }), 405, 'use GET, OPTIONS');

    assert.equal((await postOrder(node, orderBody(2002, 100))).status, 202);
    await expectError(await postOrder(node, orderBody(2002, 200)), 409, 'already known with quantityMilliWh 100');

    const after = await getJson<StatusView>(node, '/api/status');
    assert.ok(after.energyTotalMilliWh >= before.energyTotalMilliWh);
    assert.equal((await fetch(`${node.url}/api/trades/2001`)).status, 404);
  });

  it('refuses malformed HTTP on the wire with a 4xx and closes', async () => {
    const chunked = await rawExchange(node.port,
      'POST /api/trades HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
    assert.match(chunked, /^HTTP\/1\.1 411 /);
    assert.match(chunked, /Connection: close/);
    const tooLarge = await rawExchange(node.port, 'POST /api/trades HTTP/1.1\r\nContent-Length: 100000\r\n\r\n');
    assert.match(tooLarge, /^HTTP\/1\.1 413 /);
    assert.match(tooLarge, /\{"error":"body exceeds 1024 bytes"\}/);
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
  });

  it('keeps connections alive and answers pipelined requests in order', async () => {
    const request = 'GET /api/status HTTP/1.1\r\nHost: node\r\n\r\n';
    const pipelined = await rawExchange(node.port,
      request.repeat(20) + 'GET /api/trades/1001 HTTP/1.1\r\nConnection: close\r\n\r\n', 2_000);
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
    let delivered: TradeView;
    let total: number;
    try {
      assert.equal((await postOrder(first, body)).status, 202);
      delivered = await finishedTrade(first, 3001);
      total = (await getJson<StatusView>(first, '/api/status')).energyTotalMilliWh;
    } finally {
      assert.equal(await first.stop('SIGTERM'), 0);
    }
    assert.match(first.stderr(), /state saved/);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
    assert.equal(saved.trades[0].tradeId, 3001);

    const second = await startTestEmulator(flags);
    try {
      assert.deepEqual(await getJson<TradeView>(second, '/api/trades/3001'), delivered);
      assert.equal((await getJson<StatusView>(second, '/api/status')).energyTotalMilliWh, total);
      const replay = await postOrder(second, body);
      assert.equal(replay.status, 202);
      assert.equal(((await replay.json()) as TradeView).state, 'delivered');
      await expectError(await postOrder(second, orderBody(3001, 999)), 409, 'already known');
      await new Promise((done) => setTimeout(done, 200));
      const status = await getJson<StatusView>(second, '/api/status');
      assert.equal(status.relayClosed, false);
      assert.equal(status.energyTotalMilliWh, total);
    } finally {
      assert.equal(await second.stop('SIGINT'), 0);
    }
  });

  it('ends a delivery cut short by a restart as stopped with what was delivered', async () => {
    const stateFile = join(directory, 'interrupted.json');
    const flags = ['--secret', SECRET, '--time-scale', '20', ...LOAD, '--state-file', stateFile, '--quiet'];
    const first = await startTestEmulator(flags);
    try {
      assert.equal((await postOrder(first, orderBody(4001, 50_000))).status, 202);
      await waitFor(async () => {
        const trade = await getJson<TradeView>(first, '/api/trades/4001');
        return trade.deliveredMilliWh > 100 ? trade : undefined;
      }, { what: 'some energy to flow', timeoutMs: 10_000, intervalMs: 20 });
    } finally {
      assert.equal(await first.stop(), 0);
    }

    const second = await startTestEmulator(flags);
    try {
      const trade = await getJson<TradeView>(second, '/api/trades/4001');
      assert.equal(trade.state, 'stopped');
      assert.equal(trade.stopReason, 'restart');
      assert.ok(trade.deliveredMilliWh > 100);
      assert.equal((await getJson<StatusView>(second, '/api/status')).energyTotalMilliWh, trade.deliveredMilliWh);
      assert.equal((await postOrder(second, orderBody(4001, 50_000))).status, 202);
      await new Promise((done) => setTimeout(done, 300));
      assert.equal((await getJson<StatusView>(second, '/api/status')).relayClosed, false);
    } finally {
      await second.stop();
    }
  });

  it('refuses to start on a damaged state file rather than forget what it delivered', async () => {
    const stateFile = join(directory, 'damaged.json');
    writeFileSync(stateFile, '{"format": "energy-node-state", "version": 1, "trades": [');
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
      assert.equal(trade.stopReason, 'low-power');
      assert.ok(Math.abs(trade.deliveredMilliWh - 500) <= 2, `all the battery had: ${trade.deliveredMilliWh}`);
      const status = await getJson<StatusView>(node, '/api/status');
      assert.equal(status.batterySocPct, 0);
      assert.equal(status.relayClosed, false);
    } finally {
      await node.stop();
    }
  });

  it('cuts an overloaded line on the first over-current sample', async () => {
    const node = await startTestEmulator(['--secret', SECRET, '--load-watts', '400', '--max-current', '20', '--quiet']);
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
    const results: TradeView[] = [];
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

  it('refuses bad flags with a message and exit code 2', async () => {
    const { code, stderr } = await runEmulatorToExit(['--time-scale', 'fast']);
    assert.equal(code, 2);
    assert.match(stderr, /--time-scale fast: expected/);
  });
});
