/**
 * The main server as peers on the LAN reach it: the JSON-RPC gateway (what it
 * forwards, what it refuses, its limits), live subscriptions over WebSocket,
 * the runtime config, the read-only node API and the static dApp.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { Wallet, parseEther } from 'ethers';

import { DEV_ACCOUNTS } from '../../scripts/chain/dev-accounts';
import type { Child } from '../../scripts/lib/child-process';
import { postOrder, postStop } from '../../scripts/delivery/node-client';
import { serviceConfig } from '../../scripts/lib/service-config';
import { startServer } from '../../scripts/server/start-server';
import { JsonRpcError, JsonRpcWsClient, call, getJson, postRpc } from '../support/json-rpc';
import { freePort } from '../support/ports';
import { NodeFront } from '../support/system/node-front';
import { TestSystem } from '../support/system/test-system';
import { delay, waitFor } from '../support/wait-for';

describe('the main server', () => {
  let system: TestSystem;
  let uiDir: string;
  let rpc: string;
  before(async () => {
    uiDir = mkdtempSync(join(tmpdir(), 'energy-ui-'));
    mkdirSync(join(uiDir, 'media'));
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Energy</title><script src="main-ABCD2345.js"></script>');
    writeFileSync(join(uiDir, 'main-ABCD2345.js'), `console.log(${JSON.stringify('x'.repeat(4000))});`);
    writeFileSync(join(uiDir, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
    system = await TestSystem.start({ nodes: 2, server: true, uiDir, delivery: false });
    rpc = `${system.baseUrl}/rpc`;
  });
  after(async () => {
    await system?.stop();
    rmSync(uiDir, { recursive: true, force: true });
  });

  describe('JSON-RPC gateway', () => {
    it('forwards reads, single and batched', async () => {
      const single = await postRpc(rpc, call('eth_chainId'));
      assert.equal(single.body.result, '0x539');
      const batch = await postRpc(rpc, [call('net_version', [], 'a'), call('eth_getBalance', [DEV_ACCOUNTS[9].address, 'latest'], 'b')]);
      assert.deepEqual(batch.body.map((r: any) => r.id), ['a', 'b']);
      assert.equal(batch.body[0].result, '1337');
      assert.equal(BigInt(batch.body[1].result), parseEther('1000'));
    });

    it('refuses eth_sendTransaction, signing, evm_*, personal_*, filters and unknown methods, and nothing changes', async () => {
      const headBefore = (await postRpc(rpc, call('eth_blockNumber'))).body.result;
      const from = DEV_ACCOUNTS[0].address;
      const balanceBefore = await system.provider.getBalance(from);
      const refused = [
        call('eth_sendTransaction', [{ from, to: DEV_ACCOUNTS[1].address, value: '0x1' }], 1),
        call('eth_sign', [from, '0x00'], 2),
        call('evm_mine', [], 3),
        call('evm_increaseTime', [3600], 4),
        call('evm_snapshot', [], 5),
        call('personal_unlockAccount', [from, '', 0], 6),
        call('miner_stop', [], 7),
        call('debug_traceTransaction', ['0x00'], 8),
        call('eth_subscribe', ['newHeads'], 9),
        call('no_suchMethod', [], 10),
        call('eth_newBlockFilter', [], 11),
        call('eth_newFilter', [{ fromBlock: '0x0' }], 12),
        call('eth_getFilterChanges', ['0x1'], 13),
        call('eth_uninstallFilter', ['0x1'], 14),
      ];
      const answer = await postRpc(rpc, refused);
      assert.equal(answer.body.length, refused.length);
      for (const response of answer.body) {
        assert.ok(response.error, `${refused[response.id - 1].method} was answered with a result`);
        assert.ok([-32601, -32004].includes(response.error.code), `code ${response.error.code}`);
        assert.equal(response.result, undefined);
      }
      assert.match(answer.body[0].error.message, /sign in your wallet and send eth_sendRawTransaction/);
      assert.match(answer.body.find((r: { id: number }) => r.id === 11).error.message, /filters are not kept for peers: read logs with eth_getLogs/);
      assert.equal((await postRpc(rpc, call('eth_blockNumber'))).body.result, headBefore, 'no block was mined');
      assert.equal(await system.provider.getBalance(from), balanceBefore);
      assert.deepEqual((await postRpc(rpc, call('eth_accounts'))).body.result, [], 'no unlocked accounts are shown');
    });

    it('accepts a transaction signed in the wallet (eth_sendRawTransaction)', async () => {
      const sender = new Wallet(DEV_ACCOUNTS[8].privateKey);
      const recipient = Wallet.createRandom().address;
      const [nonce, gasPrice] = (await postRpc(rpc, [call('eth_getTransactionCount', [sender.address, 'pending'], 1), call('eth_gasPrice', [], 2)])).body.map((r: any) => r.result);
      const raw = await sender.signTransaction({ type: 0, chainId: 1337, nonce: Number(nonce), gasPrice: BigInt(gasPrice), gasLimit: 21_000, to: recipient, value: 12345n });
      const sent = await postRpc(rpc, call('eth_sendRawTransaction', [raw]));
      assert.match(sent.body.result, /^0x[0-9a-f]{64}$/);
      const receipt = await postRpc(rpc, call('eth_getTransactionReceipt', [sent.body.result]));
      assert.equal(receipt.body.result.status, '0x1');
      assert.equal((await postRpc(rpc, call('eth_getBalance', [recipient, 'latest']))).body.result, '0x3039');
    });

    it('answers malformed input with JSON-RPC errors', async () => {
      assert.equal((await postRpc(rpc, 'not json')).body.error.code, -32700);
      assert.equal((await postRpc(rpc, [])).body.error.code, -32600);
      assert.equal((await postRpc(rpc, { method: 'eth_chainId' })).body.error.code, -32600);
      const get = await fetch(rpc);
      assert.equal(get.status, 405);
    });

    it('streams new blocks over WebSocket and refuses evm_* there too', async () => {
      const socket = await JsonRpcWsClient.open(`ws://127.0.0.1:${system.serverPort}/rpc`, { reconnect: false });
      try {
        const heads: { number: string }[] = [];
        const subscription = await socket.subscribe(['newHeads'], (head) => heads.push(head as { number: string }));
        assert.match(subscription, /^0x/);
        await assert.rejects(socket.request('evm_mine'), (error: JsonRpcError) => error.code === -32004);
        const sender = new Wallet(DEV_ACCOUNTS[7].privateKey);
        const nonce = await socket.request<string>('eth_getTransactionCount', [sender.address, 'pending']);
        const raw = await sender.signTransaction({ type: 0, chainId: 1337, nonce: Number(nonce), gasPrice: 2_000_000_000n, gasLimit: 21_000, to: sender.address, value: 0n });
        assert.match(await socket.request<string>('eth_sendRawTransaction', [raw]), /^0x[0-9a-f]{64}$/);
        await waitFor(() => heads.length > 0, { what: 'a newHeads notification', timeoutMs: 10_000 });
        assert.match(heads[0].number, /^0x/);
        assert.equal(await socket.unsubscribe(subscription), true);
      } finally {
        socket.close();
      }
    });
  });

  describe('limits', () => {
    let limited: Child;
    let limitedRpc: string;
    before(async () => {
      const port = await freePort();
      const rpc = { ratePerSecond: 2, burst: 5, maxBodyBytes: 2000, maxBatch: 3 };
      limited = await startServer(serviceConfig({ ...system.config, server: { port, serveUi: false, rpc } }), system.childOptions('server'));
      limitedRpc = `http://127.0.0.1:${port}/rpc`;
    });
    after(() => limited?.stop());

    it('refuses a body over the size limit with 413', async () => {
      const answer = await postRpc(limitedRpc, call('eth_call', [{ to: DEV_ACCOUNTS[0].address, data: '0x' + '00'.repeat(1500) }, 'latest']));
      assert.equal(answer.status, 413);
      assert.equal(answer.body.error.code, -32005);
    });

    it('refuses a batch over the batch limit', async () => {
      const answer = await postRpc(limitedRpc, [call('eth_chainId', [], 1), call('eth_chainId', [], 2), call('eth_chainId', [], 3), call('eth_chainId', [], 4)]);
      assert.equal(answer.body.error.code, -32005);
    });

    it('limits the request rate per client with 429 and Retry-After, then lets it in again', async () => {
      await delay(3000); // the bucket refills after the tests above
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await postRpc(limitedRpc, call('eth_chainId'))).status);
      assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
      assert.ok(statuses.slice(5).includes(429), `statuses ${statuses}`);
      const refused = await postRpc(limitedRpc, call('eth_chainId'));
      assert.equal(refused.status, 429);
      assert.equal(refused.body.error.code, -32005);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      await delay(1500);
      assert.equal((await postRpc(limitedRpc, call('eth_chainId'))).status, 200);
    });
  });

  describe('runtime config', () => {
    it('serves the deployment, the nodes and the development accounts, and no secret', async () => {
      const response = await fetch(`${system.baseUrl}/config.json`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type')!, /application\/json/);
      const text = await response.text();
      const config = JSON.parse(text);
      assert.equal(config.chainId, 1337);
      assert.equal(config.rpcUrl, '/rpc');
      assert.equal(config.wsUrl, '/rpc');
      assert.equal(config.devChain, true);
      assert.equal(config.marketplace.address, system.deployment.address);
      assert.equal(config.marketplace.deployedOnBlock, system.deployment.deployedOnBlock);
      assert.equal(config.marketplace.operator, system.deployment.operator);
      assert.ok(Array.isArray(config.marketplace.abi) && config.marketplace.abi.length > 10);
      assert.deepEqual(Object.keys(config.nodes), system.nodes.map((n) => n.entry.account));
      assert.equal(config.nodes[system.nodes[1].entry.account].label, 'House 2');
      assert.equal(config.devAccounts.length, 10);
      // The demo's directory: the Community contract, with the operator standing in for the treasury.
      assert.equal(config.mode, 'demo');
      assert.equal(config.community.name, 'Demo community');
      assert.equal(config.community.currencySymbol, 'ETH');
      assert.equal(config.community.contract.address, system.deployment.community!.address);
      assert.equal(config.community.contract.treasury, system.deployment.operator);
      assert.ok(!DEV_ACCOUNTS.some((a) => a.address === config.marketplace.operator), 'the operator is not a trading account');
      const operatorKey = JSON.parse(readFileSync(system.paths.operatorKey, 'utf8')).privateKey.slice(2);
      for (const secret of [operatorKey, ...system.nodes.map((n) => n.secret)]) {
        assert.ok(!text.includes(secret), 'a secret leaked into /config.json');
      }
    });
  });

  describe('node API', () => {
    it('lists the nodes and whether they answer', async () => {
      const list = await getJson(`${system.baseUrl}/api/nodes`);
      assert.deepEqual(list, system.nodes.map((n) => ({ account: n.entry.account, label: n.entry.label, online: true })));
      await system.stopNode(1);
      await waitFor(async () => {
        const after = await getJson(`${system.baseUrl}/api/nodes`);
        assert.deepEqual(after.map((n: any) => n.online), [true, false]);
        return true;
      }, { what: 'House 2 listed offline' });
      const down = await fetch(`${system.baseUrl}/api/nodes/${system.nodes[1].entry.account}/status`);
      assert.equal(down.status, 502);
      assert.match(((await down.json()) as any).error, /House 2 is unreachable/);
      await system.startNode(1);
    });

    it('relays a node status and a trade, read-only', async () => {
      const account = system.nodes[0].entry.account;
      const status = await fetch(`${system.baseUrl}/api/nodes/${account.toLowerCase()}/status`);
      assert.equal(status.status, 200);
      const body: any = await status.json();
      for (const field of ['voltageV', 'currentA', 'powerW', 'energyExportedMilliWh', 'relayClosed', 'queueLength', 'uptimeMs']) {
        assert.ok(field in body, `status has ${field}`);
      }
      const unknownTrade = await fetch(`${system.baseUrl}/api/nodes/${account}/trades/424242`);
      assert.equal(unknownTrade.status, 404);
      const post = await fetch(`${system.baseUrl}/api/nodes/${account}/status`, { method: 'POST', body: '{}' });
      assert.equal(post.status, 405);
    });

    it('relays a trade report only when the node signed it over the server nonce', async () => {
      const account = system.nodes[0].entry.account;
      const secrets = readFileSync(system.paths.nodeSecrets, 'utf8');
      writeFileSync(system.paths.nodeSecrets, JSON.stringify({ ...JSON.parse(secrets), [account.toLowerCase()]: 'not-the-node-secret' }));
      try {
        const forged = await fetch(`${system.baseUrl}/api/nodes/${account}/trades/424242`);
        assert.equal(forged.status, 502);
        assert.match(((await forged.json()) as any).error, /without a valid signature/);
      } finally {
        writeFileSync(system.paths.nodeSecrets, secrets);
      }
      assert.equal((await fetch(`${system.baseUrl}/api/nodes/${account}/trades/424242`)).status, 404);
    });

    it('gives up on a node answer that never ends, dripped or flooded, and goes on serving', async () => {
      const node = system.nodes[1];
      const account = node.entry.account;
      await system.stopNode(1);
      // A process on the node's port, as a LAN neighbour or a reflashed node could run.
      const front = await NodeFront.start(node.port, undefined, 'drip');
      try {
        const dripped = await fetch(`${system.baseUrl}/api/nodes/${account}/status`);
        assert.equal(dripped.status, 504);
        assert.match(((await dripped.json()) as any).error, /House 2 did not answer in time/);
        front.mode = 'flood';
        const flooded = await fetch(`${system.baseUrl}/api/nodes/${account}/trades/1`);
        assert.equal(flooded.status, 502);
        assert.match(((await flooded.json()) as any).error, /House 2 answered with more than a node ever says/);
        assert.ok(front.madeUp.drip >= 1 && front.madeUp.flood >= 1, 'both answers were made');
        assert.equal((await fetch(`${system.baseUrl}/api/nodes/${system.nodes[0].entry.account}/status`)).status, 200, 'the other node is still relayed');
      } finally {
        await front.close();
        await system.startNode(1);
      }
    });

    it("says how busy a node is: its own signed backlog and the trades the delivery service holds for it", async () => {
      const node = system.nodes[0];
      const account = node.entry.account;
      const idle: any = await getJson(`${system.baseUrl}/api/nodes/${account}/queue`);
      assert.deepEqual(idle, { account, node: { activeTradeId: null, backlogMilliWh: 0, powerW: 0, timeScale: 60 }, waitingTrades: 0, waitingMilliWh: 0 });

      // The node delivers a trade, and the delivery service holds two more for it (one as the buyer's node).
      assert.equal((await postOrder(node.entry.url, node.secret, 777_001, 100_000)).status, 202);
      const waiting = (tradeId: number, seller: string, buyer: string, quantityMilliWh: number) => ({
        tradeId, seller, buyer, quantityMilliWh, phase: 'waiting', export: { account: seller }, import: { account: buyer },
      });
      mkdirSync(dirname(system.paths.deliveryState), { recursive: true });
      writeFileSync(system.paths.deliveryState, JSON.stringify({
        version: 2, chainId: 1337, contract: system.deployment.address, lastScannedBlock: 0,
        trades: [waiting(8, account, system.nodes[1].entry.account, 2_000), waiting(9, system.nodes[1].entry.account, account, 3_000)],
      }));
      try {
        const busy: any = await waitFor(async () => {
          const queue: any = await getJson(`${system.baseUrl}/api/nodes/${account}/queue`);
          // The server reads the delivery service's saved state at most once a second.
          return queue.node?.activeTradeId === 777_001 && queue.node.powerW > 50 && queue.waitingTrades > 0 && queue;
        }, { what: 'the node delivering and the waiting trades, seen through the proxy' });
        assert.ok(busy.node.backlogMilliWh > 90_000 && busy.node.backlogMilliWh <= 100_000, `backlog ${busy.node.backlogMilliWh} mWh`);
        assert.deepEqual([busy.waitingTrades, busy.waitingMilliWh], [2, 5_000]);
      } finally {
        await postStop(node.entry.url, node.secret, 777_001, 'cancelled');
        rmSync(system.paths.deliveryState, { force: true });
      }
      // A node whose answer the server cannot verify gives no figures.
      const secrets = readFileSync(system.paths.nodeSecrets, 'utf8');
      writeFileSync(system.paths.nodeSecrets, JSON.stringify({ ...JSON.parse(secrets), [account.toLowerCase()]: 'not-the-node-secret' }));
      try {
        assert.equal(((await getJson(`${system.baseUrl}/api/nodes/${account}/queue`)) as any).node, null);
      } finally {
        writeFileSync(system.paths.nodeSecrets, secrets);
      }
    });

    it('answers bad accounts and trade ids with 400 and unknown ones with 404, in JSON', async () => {
      const cases: Array<[string, number]> = [
        ['/api/nodes/0x1234/status', 400],
        ['/api/nodes/not-an-address/status', 400],
        [`/api/nodes/${Wallet.createRandom().address}/status`, 404],
        [`/api/nodes/${system.nodes[0].entry.account}/trades/abc`, 400],
        [`/api/nodes/${system.nodes[0].entry.account}/trades/-1`, 400],
        [`/api/nodes/${system.nodes[0].entry.account}/trades/0`, 400],
        [`/api/nodes/${system.nodes[0].entry.account}/secret`, 404],
        [`/api/nodes/${Wallet.createRandom().address}/queue`, 404],
      ];
      for (const [path, expected] of cases) {
        const response = await fetch(`${system.baseUrl}${path}`);
        assert.equal(response.status, expected, path);
        assert.equal(typeof ((await response.json()) as any).error, 'string', path);
      }
    });
  });

  describe('static dApp', () => {
    it('serves index.html for app routes, not cached, and hashed files cached for good', async () => {
      for (const path of ['/', '/market', '/explorer/block/12']) {
        const page = await fetch(`${system.baseUrl}${path}`);
        assert.equal(page.status, 200, path);
        assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
        assert.equal(page.headers.get('cache-control'), 'no-cache');
        assert.match(await page.text(), /<title>Energy<\/title>/);
      }
      const script = await fetch(`${system.baseUrl}/main-ABCD2345.js`);
      assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
      assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      const etag = script.headers.get('etag')!;
      const again = await fetch(`${system.baseUrl}/main-ABCD2345.js`, { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304);
      const icon = await fetch(`${system.baseUrl}/favicon.ico`);
      assert.equal(icon.headers.get('content-type'), 'image/x-icon');
      assert.equal((await fetch(`${system.baseUrl}/missing-file.js`)).status, 404);
    });

    it('gzips text for clients that accept it and never serves files outside the app', async () => {
      const response = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        import('node:http').then(({ get }) =>
          get(`${system.baseUrl}/main-ABCD2345.js`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          }).on('error', reject),
        );
      });
      assert.equal(response.headers['content-encoding'], 'gzip');
      assert.match(gunzipSync(response.body).toString(), /^console\.log/);
      for (const path of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
        const answer = await fetch(`${system.baseUrl}${path}`);
        assert.doesNotMatch(await answer.text(), /root:/, path);
      }
    });
  });
});
