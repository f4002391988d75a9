/**
 * Real energy nodes on the LAN: `npm run nodes` registers them, and `npm start`
 * hands a registered account's trades to its real node instead of an
 * emulator. The "real node" here is the firmware's host build started by the
 * test on a port of its own, as an ESP32 would be on its own address.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Interface, Wallet } from 'ethers';

import { allProcesses } from '../../scripts/bench/process-tree';
import { getTradeReport } from '../../scripts/delivery/node-client';
import { DEV_ACCOUNTS } from '../../scripts/chain/dev-accounts';
import type { Child } from '../../scripts/lib/child-process';
import { REPO_ROOT, dataPaths } from '../../scripts/lib/data-paths';
import { NpmStart } from '../support/system/npm-start';
import { startEmulator } from '../../scripts/nodes/emulator';
import { readNodeSecrets } from '../../scripts/nodes/node-secrets';
import { prepareNodes } from '../../scripts/nodes/prepare-nodes';
import { call, getJson, postRpc } from '../support/json-rpc';
import { freePort, freePortBlock } from '../support/ports';
import { waitFor } from '../support/wait-for';
import type { NodeTradeReport } from '../../src/app/nodes/node-protocol';

const SELLER = DEV_ACCOUNTS[3];
const BUYER = DEV_ACCOUNTS[4];
const SECRET = 'a1'.repeat(32);

/** `npm run nodes -- ...` as a person types it. */
function nodes(dataDir: string, ...args: string[]) {
  const run = spawnSync('npx', ['tsx', 'scripts/nodes/nodes-command.ts', ...args, '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** The address with one letter's case flipped: still hex, no longer its checksum. */
function withBrokenChecksum(address: string): string {
  const i = address.slice(2).search(/[a-fA-F]/) + 2;
  const letter = address[i];
  return address.slice(0, i) + (letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase()) + address.slice(i + 1);
}

describe('npm run nodes', () => {
  let dataDir: string;
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'energy-nodes-command-'));
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses bad input with the reason and changes nothing', () => {
    const cases: [string[], RegExp][] = [
      [['add', '0x1234', 'http://192.168.4.23'], /not an account address/],
      [['add', withBrokenChecksum(SELLER.address), 'http://192.168.4.23'], /wrong checksum/],
      [['add', SELLER.address, 'ftp://192.168.4.23'], /must start with http/],
      [['add', SELLER.address, 'http://192.168.4.23/api'], /address only/],
      [['add', SELLER.address, 'http://192.168.4.23', '--secret', 'short'], /32 to 128 hex digits/],
      [['add', SELLER.address, 'http://192.168.4.23', '--label', ' '], /label is empty/],
      [['add', SELLER.address], /needs an account and a URL/],
      [['remove', SELLER.address], /has no registered node/],
      [['launch'], /unknown command "launch"/],
    ];
    for (const [args, reason] of cases) {
      const run = nodes(dataDir, ...args);
      assert.equal(run.code, 1, `${args.join(' ')} should fail`);
      assert.match(run.err, reason);
      assert.doesNotMatch(run.err, /\n\s+at /, 'a reason, not a stack trace');
    }
    assert.equal(existsSync(dataPaths(dataDir).registeredNodes), false);
    assert.equal(existsSync(dataPaths(dataDir).nodeSecrets), false);
  });

  it('adds a node with a new secret, lists it, refuses a second one, removes it', () => {
    const added = nodes(dataDir, 'add', SELLER.address.toLowerCase(), 'http://127.0.0.1:1', '--label', "Amina's house");
    assert.equal(added.code, 0, added.err);
    const secret = readNodeSecrets(dataPaths(dataDir).nodeSecrets)[SELLER.address.toLowerCase()];
    assert.match(secret, /^[0-9a-f]{64}$/);
    assert.ok(added.out.includes(`kNodeSecret = "${secret}"`), 'prints the line to flash');
    assert.match(added.out, /does not answer now/);

    const registered = JSON.parse(readFileSync(dataPaths(dataDir).registeredNodes, 'utf8'));
    assert.deepEqual(registered.nodes, [{ account: SELLER.address, url: 'http://127.0.0.1:1', label: "Amina's house" }]);
    assert.match(nodes(dataDir, 'list').out, new RegExp(`Amina's house\\s+${SELLER.address}\\s+http://127.0.0.1:1`));
    assert.match(nodes(dataDir, 'add', SELLER.address, 'http://127.0.0.1:2').err, /already has a node/);
    assert.match(nodes(dataDir, 'add', BUYER.address, 'http://127.0.0.1:1').err, /already the node of/);
    assert.ok(nodes(dataDir, 'secret', SELLER.address).out.includes(secret));

    assert.equal(nodes(dataDir, 'remove', SELLER.address).code, 0);
    assert.deepEqual(JSON.parse(readFileSync(dataPaths(dataDir).registeredNodes, 'utf8')).nodes, []);
  });

  it('says in words when a node does not sign its answers with the secret registered for it', async () => {
    const port = await freePort();
    const board = await startEmulator({ name: 'esp32-other-secret', port, secret: SECRET, timeScale: 60, quiet: true });
    try {
      const added = nodes(dataDir, 'add', BUYER.address, `http://127.0.0.1:${port}`, '--label', 'Clinic', '--secret', 'b2'.repeat(32));
      assert.equal(added.code, 0, added.err);
      const listed = nodes(dataDir, 'list').out;
      assert.match(listed, /Clinic .* answers, but NOT signed with the secret registered for it: the delivery service ignores its answers/);
      assert.match(listed, new RegExp(`npm run nodes -- secret ${BUYER.address}`));
    } finally {
      await board.stop();
      nodes(dataDir, 'remove', BUYER.address);
    }
  });

  it('gives a registered account its real node and every other development account an emulator', () => {
    writeFileSync(
      dataPaths(dataDir).registeredNodes,
      JSON.stringify({ nodes: [{ account: SELLER.address, url: 'http://192.168.4.23', label: "Amina's house" }] }),
    );
    const plan = prepareNodes(dataPaths(dataDir), { basePort: 7001, emulators: true });
    assert.equal(plan.emulated.length, 9);
    assert.ok(!plan.emulated.some((node) => node.entry.account === SELLER.address));
    const real = plan.nodes.find((node) => node.account === SELLER.address)!;
    assert.deepEqual(real, { account: SELLER.address, label: "Amina's house", slug: 'aminas-house', url: 'http://192.168.4.23', real: true });
    assert.ok(plan.secrets[SELLER.address.toLowerCase()], 'the real node has a secret');

    writeFileSync(dataPaths(dataDir).registeredNodes, '{"nodes": [{"account": "0x12", "url": "http://x", "label": "x"}]}');
    assert.throws(() => prepareNodes(dataPaths(dataDir), { basePort: 7001, emulators: true }), /node 1: "0x12" is not an account address/);
  });
});

describe('npm start with a real node registered and --no-emulators', () => {
  let dataDir: string;
  let baseUrl: string;
  let args: string[];
  let realNode: Child;
  let realNodeUrl: string;
  let lateNode: Child | undefined;
  let downNodeUrl: string;
  let running: NpmStart | undefined;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'energy-real-node-'));
    const nodePort = await freePort();
    realNodeUrl = `http://127.0.0.1:${nodePort}`;
    realNode = await startEmulator({
      name: 'esp32',
      port: nodePort,
      secret: SECRET,
      stateFile: join(dataDir, 'esp32.state'),
      timeScale: 60,
      quiet: true,
    });
    const added = nodes(dataDir, 'add', SELLER.address, realNodeUrl, '--label', 'Workshop', '--secret', SECRET);
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /answers \(relay open, 0 trade\(s\) queued, signed with its secret\)/);
    // A second board that is switched off: npm start says so, and still starts.
    downNodeUrl = `http://127.0.0.1:${await freePort()}`;
    assert.equal(nodes(dataDir, 'add', DEV_ACCOUNTS[7].address, downNodeUrl, '--label', 'Shed').code, 0);

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    args = ['--port', String(port), '--chain-port', String(await freePort())];
    args.push('--node-base-port', String(await freePortBlock(10)), '--data-dir', dataDir, '--no-emulators');
    running = NpmStart.run(args);
    await running.waitFor(/^ready: /, 600_000);
  });
  after(async () => {
    running?.kill();
    await realNode?.stop();
    await lateNode?.stop();
    for (const p of allProcesses().filter((p) => p.command.includes(dataDir))) process.kill(p.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs no emulator, lists the real nodes and reports the one that does not answer', async () => {
    const started = allProcesses().filter((p) => p.command.includes(dataDir) && p.command.includes('energy-node'));
    assert.deepEqual(started.map((p) => p.command.includes('esp32.state')), [true], 'only the test\'s own node');
    assert.match(running!.lines.join('\n'), new RegExp(`Workshop\\s+${SELLER.address}\\s+${realNodeUrl}\\s+\\(on the LAN\\)`));
    const printed = running!.lines.join('\n');
    assert.ok(printed.includes(`WARN Shed (${downNodeUrl}) does not answer now`), 'the switched-off board is reported');
    assert.ok(!printed.includes('Workshop (http'), 'the answering board is not');
    const listed = await getJson(`${baseUrl}/api/nodes`);
    assert.equal(JSON.stringify(listed).includes(SELLER.address), true);
    const status = await getJson(`${baseUrl}/api/nodes/${SELLER.address}/status`);
    assert.equal(status.relayClosed, false);
  });

  /** Lists an offer for `seller` and buys 500 mWh of it for BUYER, through the gateway; returns the trade id. */
  async function tradeWith(seller: (typeof DEV_ACCOUNTS)[number]): Promise<number> {
    const config = await getJson(`${baseUrl}/config.json`);
    const market = new Interface(config.marketplace.abi);
    const send = async (key: string, data: string, value = 0n) => {
      const wallet = new Wallet(key);
      const [nonce, gasPrice] = (
        await postRpc(`${baseUrl}/rpc`, [call('eth_getTransactionCount', [wallet.address, 'pending'], 1), call('eth_gasPrice', [], 2)])
      ).body.map((r: { result: string }) => r.result);
      const raw = await wallet.signTransaction({
        type: 0, chainId: 1337, nonce: Number(nonce), gasPrice: BigInt(gasPrice), gasLimit: 500_000, to: config.marketplace.address, data, value,
      });
      const hash = (await postRpc(`${baseUrl}/rpc`, call('eth_sendRawTransaction', [raw]))).body.result;
      const receipt = (await postRpc(`${baseUrl}/rpc`, call('eth_getTransactionReceipt', [hash]))).body.result;
      assert.equal(receipt.status, '0x1');
      return receipt;
    };
    const listed = await send(seller.privateKey, market.encodeFunctionData('createOffer', [2_000, 1_000n]));
    const offerId = market.parseLog(listed.logs[0])!.args.offerId;
    const bought = await send(BUYER.privateKey, market.encodeFunctionData('buy', [offerId, 500]), 500n * 1_000n);
    const opened = bought.logs.find((l: { topics: string[] }) => l.topics[0] === market.getEvent('TradeOpened')!.topicHash);
    return Number(market.parseLog(opened)!.args.tradeId);
  }

  it('delivers a trade through the real node and settles it', async () => {
    const config = await getJson(`${baseUrl}/config.json`);
    const market = new Interface(config.marketplace.abi);
    const tradeId = await tradeWith(SELLER);

    await running!.waitFor(new RegExp(`trade #${tradeId} node workshop .*settled in block \\d+`), 60_000);
    const onNode = await waitFor(async () => {
      const trade = (await getTradeReport(realNodeUrl, SECRET, tradeId)).body as NodeTradeReport;
      return trade.state === 'delivered' && trade;
    }, { what: 'the real node reports the trade delivered' });
    assert.ok(onNode.deliveredMilliWh >= 500, `the node measured ${onNode.deliveredMilliWh} mWh`);
    const settled = market.getEvent('TradeSettled')!;
    const logs = (
      await postRpc(`${baseUrl}/rpc`, call('eth_getLogs', [{ address: config.marketplace.address, topics: [settled.topicHash], fromBlock: '0x0' }]))
    ).body.result;
    assert.equal(logs.length, 1);
    const settlement = market.parseLog(logs[0])!.args;
    assert.equal(Number(settlement.tradeId), tradeId);
    assert.equal(settlement.deliveredMilliWh, 500n, 'what the node measured, capped at the traded quantity');
  });

  it('keeps a trade of a seller without a node until one is registered, then delivers it', async () => {
    const lateSeller = DEV_ACCOUNTS[6];
    const tradeId = await tradeWith(lateSeller);
    await running!.waitFor(new RegExp(`trade #${tradeId} .*no energy node known for the seller: waiting for one until the deadline`), 10_000);

    running!.pressCtrlC();
    await running!.exited;
    assert.match(running!.lines.join('\n'), /\[start\] +stopped/);
    const port = await freePort();
    lateNode = await startEmulator({ name: 'esp32-late', port, secret: SECRET, stateFile: join(dataDir, 'esp32-late.state'), timeScale: 60, quiet: true });
    const added = nodes(dataDir, 'add', lateSeller.address, `http://127.0.0.1:${port}`, '--label', 'Bakery', '--secret', SECRET);
    assert.equal(added.code, 0, added.err);

    running = NpmStart.run(args);
    await running.waitFor(/^ready: /, 120_000);
    await running.waitFor(new RegExp(`trade #${tradeId} node bakery .*settled in block \\d+`), 60_000);
    const onNode = await getTradeReport(`http://127.0.0.1:${port}`, SECRET, tradeId);
    assert.ok(onNode.verified);
    assert.equal((onNode.body as NodeTradeReport).state, 'delivered');
  });
});
