/**
 * `npm start` from a clean data folder, as a person runs it: it comes up,
 * answers on its port and /rpc, delivers a trade, restarts a delivery service
 * that crashed, stops every process on Ctrl-C, and after a restart finds the
 * contract it deployed before. Build artifacts already present are reused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Contract, Interface, Wallet } from 'ethers';

import { DEV_ACCOUNTS } from '../../scripts/chain/dev-accounts';
import { allProcesses } from '../../scripts/bench/process-tree';
import { call, getJson, postRpc } from '../support/json-rpc';
import { NpmStart } from '../support/system/npm-start';
import { freePort, freePortBlock } from '../support/ports';
import { delay, waitFor } from '../support/wait-for';


// A first start may have to build the contract, the emulator and the dApp.
const FIRST_START_MS = 600_000;

function processesOf(dataDir: string) {
  return allProcesses().filter((p) => p.command.includes(dataDir));
}

describe('npm start', () => {
  let dataDir: string;
  let args: string[];
  let baseUrl: string;
  let running: NpmStart | undefined;
  let deployedAt: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'energy-npm-start-'));
    const port = await freePort();
    const chainPort = await freePort();
    const nodeBasePort = await freePortBlock(10);
    baseUrl = `http://127.0.0.1:${port}`;
    args = ['--port', String(port), '--chain-port', String(chainPort), '--node-base-port', String(nodeBasePort)];
    args.push('--data-dir', dataDir, '--time-scale', '60');
  });
  after(async () => {
    running?.kill();
    for (const p of processesOf(dataDir)) process.kill(p.pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('comes up from a clean data folder and answers on its port and /rpc', async () => {
    running = NpmStart.run(args);
    const ready = await running.waitFor(/^ready: /, FIRST_START_MS);
    assert.match(ready, /answers \(chain id 1337, block \d+\) after [\d.]+ s/);

    const page = await fetch(`${baseUrl}/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type')!, /text\/html/);
    assert.match(await page.text(), /<app-root|<!doctype html>/i);
    const config = await getJson(`${baseUrl}/config.json`);
    assert.equal(config.chainId, 1337);
    // The demo says so where people look: the network name a wallet is offered, and the mode the dApp shows.
    assert.equal(config.mode, 'demo');
    assert.equal(config.chainName, 'Community Energy (demo)');
    assert.equal(config.devChain, true);
    assert.equal(config.devAccounts.length, 10);
    assert.equal('httpsUrl' in config, false, 'the demo has no certificate');
    deployedAt = config.marketplace.address;
    const rpc = await postRpc(`${baseUrl}/rpc`, call('eth_chainId'));
    assert.equal(rpc.body.result, '0x539');
    assert.equal((await postRpc(`${baseUrl}/rpc`, call('evm_mine'))).body.error.code, -32004);

    const printed = running.lines.join('\n');
    assert.match(printed, /Community energy market: DEMO/);
    assert.match(printed, /Network name\s+Community Energy \(demo\)/);
    assert.match(printed, /Chain ID\s+1337/);
    assert.match(printed, new RegExp(`RPC URL\\s+http://localhost:${new URL(baseUrl).port}/rpc`));
    assert.match(printed, /FOR DEVELOPMENT ONLY/);
    for (const account of DEV_ACCOUNTS) assert.ok(printed.includes(`${account.address}`) && printed.includes(account.privateKey));
    assert.match(printed, /Import account/);
    // Ten emulators, the chain, the server and the delivery service.
    const parts = processesOf(dataDir).filter((p) => /(chain|server|delivery)\/main\.js|energy-node/.test(p.command));
    assert.equal(parts.length, 13);
  });

  it('delivers and settles a trade signed in a wallet and sent through /rpc', async () => {
    const config = await getJson(`${baseUrl}/config.json`);
    const market = new Interface(config.marketplace.abi);
    const send = async (key: string, data: string, value = 0n) => {
      const wallet = new Wallet(key);
      const [nonce, gasPrice] = (await postRpc(`${baseUrl}/rpc`, [call('eth_getTransactionCount', [wallet.address, 'pending'], 1), call('eth_gasPrice', [], 2)])).body.map((r: any) => r.result);
      const raw = await wallet.signTransaction({ type: 0, chainId: 1337, nonce: Number(nonce), gasPrice: BigInt(gasPrice), gasLimit: 500_000, to: config.marketplace.address, data, value });
      const hash = (await postRpc(`${baseUrl}/rpc`, call('eth_sendRawTransaction', [raw]))).body.result;
      const receipt = (await postRpc(`${baseUrl}/rpc`, call('eth_getTransactionReceipt', [hash]))).body.result;
      assert.equal(receipt.status, '0x1');
      return receipt;
    };
    await send(DEV_ACCOUNTS[3].privateKey, market.encodeFunctionData('createOffer', [3_000, 1_000n]));
    const bought = await send(DEV_ACCOUNTS[4].privateKey, market.encodeFunctionData('buy', [1, 1_000]), 1_000n * 1_000n);
    const tradeId = Number(market.parseLog(bought.logs.find((l: any) => l.topics[0] === market.getEvent('TradeOpened')!.topicHash))!.args.tradeId);

    await running!.waitFor(new RegExp(`trade #${tradeId} node house-4 .*settled in block \\d+`), 60_000);
    const status = await getJson(`${baseUrl}/api/nodes/${DEV_ACCOUNTS[3].address}/trades/${tradeId}`);
    assert.equal(status.state, 'delivered');
  });

  it('reports a crashed delivery service and restarts it', async () => {
    const delivery = processesOf(dataDir).find((p) => p.command.includes('delivery/main.js'))!;
    process.kill(delivery.pid, 'SIGKILL');
    await running!.waitFor(/\[start\] +WARN delivery stopped unexpectedly \(signal SIGKILL\)/, 10_000);
    await running!.waitFor(/\[start\] +delivery restarted/, 60_000);
    const again = processesOf(dataDir).find((p) => p.command.includes('delivery/main.js'));
    assert.ok(again && again.pid !== delivery.pid);
  });

  it('stops every process it started on Ctrl-C', async () => {
    running!.pressCtrlC();
    const exit = await Promise.race([running!.exited, delay(30_000).then(() => 'timeout' as const)]);
    assert.notEqual(exit, 'timeout', 'npm start did not stop within 30 s');
    await waitFor(() => processesOf(dataDir).length === 0, { what: 'every child gone', timeoutMs: 10_000 });
    const printed = running!.lines.join('\n');
    assert.match(printed, /\[chain\] +chain stopped/);
    assert.match(printed, /\[start\] +stopped/);
    assert.doesNotMatch(printed, /stopped unexpectedly \((?!signal SIGKILL)/, 'no child reported as crashed during shutdown');
    running = undefined;
  });

  it('finds its deployment, balances and history again after a restart', async () => {
    running = NpmStart.run([...args, '--no-build']);
    await running.waitFor(/^ready: /, 180_000);
    const printed = running.lines.join('\n');
    const reused = /EnergyMarketplace reused at (0x[0-9a-fA-F]{40})/.exec(printed);
    assert.ok(reused, 'the deployment was reused, not redeployed');
    assert.equal(reused[1], deployedAt);
    const config = await getJson(`${baseUrl}/config.json`);
    assert.equal(config.marketplace.address, deployedAt);
    const market = new Contract(config.marketplace.address, config.marketplace.abi);
    const settled = await postRpc(`${baseUrl}/rpc`, call('eth_getLogs', [{ address: config.marketplace.address, topics: [market.interface.getEvent('TradeSettled')!.topicHash], fromBlock: '0x0', toBlock: 'latest' }]));
    assert.equal(settled.body.result.length, 1, 'the settlement made before the restart is still on chain');
    running.pressCtrlC();
    await running.exited;
    running = undefined;
  });
});
