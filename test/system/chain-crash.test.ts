/**
 * The chain process killed outright (SIGKILL, as a crash or the OOM killer
 * would) 20 times in the middle of a burst of transactions: after each
 * restart every transaction whose receipt the chain had handed out is still
 * there, in the same block, and the chain goes on taking transactions.
 * (A power cut also loses what the operating system had not written to the
 * disk yet; the chain's writes are synchronous for that: see
 * scripts/chain/cached-leveldown.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { Interface, Wallet } from 'ethers';

import { DEV_ACCOUNTS } from '../../scripts/chain/dev-accounts';
import { startChain } from '../../scripts/chain/start-chain';
import type { Deployment } from '../../scripts/deploy/deployment-file';
import { ensureDeployment } from '../../scripts/deploy/ensure-deployment';
import type { Child } from '../../scripts/lib/child-process';
import { dataPaths } from '../../scripts/lib/data-paths';
import { localChain, serviceConfig } from '../../scripts/lib/service-config';
import { freePort } from '../support/ports';

const KILLS = 20;

interface Seen {
  readonly hash: string;
  readonly blockNumber: string;
  readonly blockHash: string;
}

async function rpc<T = any>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const answer = (await response.json()) as { result?: T; error?: { message: string } };
  if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
  return answer.result as T;
}

describe('when the chain process is killed during a burst of transactions', () => {
  let dataDir: string;
  let port: number;
  let chain: Child;
  let deployment: Deployment;
  const lines: string[] = [];
  const url = () => `http://127.0.0.1:${port}`;
  const start = async () => {
    chain = await startChain(serviceConfig({ dataDir, chain: localChain(port) }), { onLine: (line) => lines.push(line), onWaiting: () => undefined });
  };

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'energy-crash-'));
    port = await freePort();
    await start();
    deployment = await ensureDeployment({ chainUrl: url(), paths: dataPaths(dataDir), settlementWindowSeconds: 3600, log: () => undefined });
  });
  after(async () => {
    await chain?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every transaction whose receipt was handed out, 20 kills in a row', async () => {
    const market = new Interface(deployment.abi as never);
    const senders = [1, 2, 3, 4].map((i) => new Wallet(DEV_ACCOUNTS[i].privateKey));
    const seen: Seen[] = [];

    /** One sender's transactions one after the other (offers and transfers) until the chain goes away. */
    const burst = async (sender: Wallet, index: number, stop: { killed: boolean }) => {
      let nonce = Number(await rpc(url(), 'eth_getTransactionCount', [sender.address, 'pending']));
      while (!stop.killed) {
        const tx =
          index % 2 === 0
            ? { to: deployment.address, data: market.encodeFunctionData('createOffer', [1000 + nonce, 1_000_000_000]), gasLimit: 200_000 }
            : { to: Wallet.createRandom().address, value: 1n, gasLimit: 21_000 };
        const raw = await sender.signTransaction({ type: 2, chainId: 1337, nonce: nonce++, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 1n, ...tx });
        try {
          const hash = await rpc<string>(url(), 'eth_sendRawTransaction', [raw]);
          const receipt = await rpc<{ blockNumber: string; blockHash: string } | null>(url(), 'eth_getTransactionReceipt', [hash]);
          if (receipt) seen.push({ hash, blockNumber: receipt.blockNumber, blockHash: receipt.blockHash });
        } catch {
          return; // the chain was killed under this request
        }
      }
    };

    for (let kill = 1; kill <= KILLS; kill++) {
      const stop = { killed: false };
      const countBefore = seen.length;
      let ended = 0;
      const running = senders.map((sender, index) => burst(sender, index, stop).finally(() => ended++));
      // Kill at a moment nobody chose: after a few transactions, somewhere inside the next ones.
      while (seen.length < countBefore + 4) {
        assert.ok(ended < senders.length, `before kill ${kill}: the burst stopped on its own`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
      chain.process.kill('SIGKILL');
      stop.killed = true;
      await chain.exited;
      await Promise.all(running);

      await start();
      const head = Number(await rpc(url(), 'eth_blockNumber'));
      for (const { hash, blockNumber, blockHash } of seen) {
        const receipt = await rpc<{ blockNumber: string; blockHash: string } | null>(url(), 'eth_getTransactionReceipt', [hash]);
        assert.ok(receipt, `after kill ${kill}: the transaction ${hash} (block ${Number(blockNumber)}) is gone`);
        assert.equal(receipt.blockHash, blockHash, `after kill ${kill}: ${hash} moved to another block`);
      }
      assert.ok(head >= Math.max(...seen.map((s) => Number(s.blockNumber))), `after kill ${kill}: the head went back to ${head}`);
    }
    // The market's own state came through too: every offer whose receipt was seen exists.
    const offers = Number(BigInt(await rpc(url(), 'eth_call', [{ to: deployment.address, data: market.encodeFunctionData('orderCount') }, 'latest'])));
    assert.ok(offers > 0 && seen.length >= KILLS * 4, `${seen.length} transactions seen, ${offers} offers`);
  });
});
