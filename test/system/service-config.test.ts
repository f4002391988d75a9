/**
 * The services' one configuration: npm start's flags compose it, each service
 * reads it back from --config (JSON or a file), and a bad value is refused
 * with the setting at fault.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

import { DEFAULT_DATA_DIR } from '../../scripts/lib/data-paths';
import { ConfigError, DEFAULT_RPC_LIMITS, configArgs, readServiceConfig, serviceConfig } from '../../scripts/lib/service-config';
import { parseStartFlags, serviceConfigOf } from '../../scripts/system/start-flags';

describe('the services configuration', () => {
  it('has the defaults npm start has', () => {
    const config = serviceConfig();
    assert.equal(config.dataDir, DEFAULT_DATA_DIR);
    assert.deepEqual(config.chain, { url: 'http://127.0.0.1:8545', wsUrl: 'ws://127.0.0.1:8545' });
    assert.equal(config.server.port, 4200);
    assert.equal(config.server.host, '127.0.0.1');
    assert.deepEqual(config.server.rpc, DEFAULT_RPC_LIMITS);
    assert.equal(config.deploy.settlementWindowSeconds, 86_400);
    // Real time, a free API port (written where the server finds it), 15-minute intervals.
    assert.deepEqual(config.agents.clock, { epochMs: 0, timeScale: 1, startHour: null });
    assert.deepEqual([config.agents.port, config.agents.intervalMinutes], [0, 15]);
    // Beside the main server, unless a network's other server runs it (start.ts).
    assert.equal(config.agents.onThisServer, true);
  });

  it('is composed from the flags of npm start, and of npm run dev', () => {
    const flags = parseStartFlags(['--port', '5000', '--chain-port', '9545', '--data-dir', 'elsewhere', '--host', '0.0.0.0',
      '--rpc-rate', '7', '--rpc-max-batch', '3', '--settlement-window', '60', '--log-level', 'warn']);
    assert.ok(flags !== 'help');
    const config = serviceConfigOf(flags);
    assert.equal(config.dataDir, resolve('elsewhere'));
    assert.equal(config.chain.url, 'http://127.0.0.1:9545');
    assert.equal(config.chain.wsUrl, 'ws://127.0.0.1:9545');
    assert.deepEqual([config.server.port, config.server.host, config.server.serveUi], [5000, '0.0.0.0', true]);
    assert.deepEqual(config.server.rpc, { ...DEFAULT_RPC_LIMITS, ratePerSecond: 7, maxBatch: 3 });
    assert.equal(config.deploy.settlementWindowSeconds, 60);
    assert.equal(config.log.level, 'warn');

    // The demo's emulators run their own day from 08:00 at npm start's start, as fast as --time-scale says.
    const fast = parseStartFlags(['--time-scale', '60', '--load-watts', '200']);
    assert.ok(fast !== 'help');
    const agents = serviceConfigOf(fast, null, 1_700_000_000_000).agents;
    assert.deepEqual(agents.clock, { epochMs: 1_700_000_000_000, timeScale: 60, startHour: 8 });
    assert.equal(agents.deliveryPowerW, 200);

    const dev = parseStartFlags(['--dev', '--port', '5000', '--host', '0.0.0.0']);
    assert.ok(dev !== 'help');
    const behindNgServe = serviceConfigOf(dev).server;
    assert.deepEqual([behindNgServe.port, behindNgServe.host, behindNgServe.serveUi], [5001, '127.0.0.1', false]);
  });

  it('reaches a service as it was composed, through --config', () => {
    const config = serviceConfig({ dataDir: '/tmp/x', server: { port: 4300, rpc: { burst: 9 } } });
    assert.deepEqual(readServiceConfig(configArgs(config)), config);
    const folder = mkdtempSync(join(tmpdir(), 'energy-config-'));
    try {
      const file = join(folder, 'config.json');
      writeFileSync(file, JSON.stringify({ server: { port: 4400 } }));
      const fromFile = readServiceConfig(['--config', file]);
      assert.equal(fromFile.server.port, 4400);
      assert.equal(fromFile.chain.url, 'http://127.0.0.1:8545', 'what the file leaves out keeps its default');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a value that cannot run, naming the setting', () => {
    assert.throws(() => serviceConfig({ server: { port: 70_000 } }), /server\.port must be a whole number from 1 to 65535, not 70000/);
    assert.throws(() => serviceConfig({ chain: { url: 'ws://127.0.0.1:8545' } }), /chain\.url must start with http: or https:/);
    assert.throws(() => serviceConfig({ server: { rpc: { maxBatch: 0 } } }), /server\.rpc\.maxBatch must be a whole number from 1/);
    assert.throws(() => serviceConfig({ log: { level: 'loud' as never } }), /log\.level must be one of/);
    assert.throws(() => serviceConfig({ agents: { stepsPerInterval: 0 } }), /agents\.stepsPerInterval must be a whole number from 1 to 60/);
    assert.throws(() => serviceConfig({ agents: { clock: { timeScale: -1 } } }), /agents\.clock\.timeScale must be a number above 0/);
    assert.throws(() => serviceConfig({ agents: { clock: { startHour: 25 } } }), /agents\.clock\.startHour must be an hour/);
    assert.throws(() => serviceConfig({ agents: { onThisServer: 'no' as never } }), /agents\.onThisServer must be true or false, not "no"/);
    assert.throws(() => readServiceConfig(['--config', '{"server":']), ConfigError);
    assert.throws(() => readServiceConfig(['--config', '/no/such/file.json']), /no such file/);
  });
});
