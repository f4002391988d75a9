/**
 * Two emulator processes on one shared line: the buyer's node meters what the
 * seller's node really sends, less the line loss; a tampered seller reports
 * more than it sends and the buyer's meter shows it. The households' batteries
 * move with the trades.
 * Run: node --import tsx --test firmware/test/http/shared-line.test.ts
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { getTradeReport, postOrder, postStop } from '../../../scripts/delivery/node-client';
import { type NodeTradeReport, isFinished, parseNodeStatus, parseTradeReport } from '../../../src/app/nodes/node-protocol';
import { type RunningEmulator, startTestEmulator } from '../../../test/support/emulator';
import { waitFor } from '../../../test/support/wait-for';

const SECRET = 'line-test-secret';

async function report(node: RunningEmulator, tradeId: number): Promise<NodeTradeReport> {
  const answer = await getTradeReport(node.url, SECRET, tradeId);
  assert.ok(answer.verified);
  return parseTradeReport(answer.body);
}

async function soc(node: RunningEmulator): Promise<number> {
  return parseNodeStatus(await (await fetch(`${node.url}/api/status`)).json()).batterySocPct!;
}

/** Orders both sides as the delivery service does, and ends the import once the export has ended. */
async function trade(seller: RunningEmulator, buyer: RunningEmulator, tradeId: number, quantityMilliWh: number) {
  assert.equal((await postOrder(buyer.url, SECRET, tradeId, quantityMilliWh, 'import')).status, 202);
  await waitFor(async () => ((await report(buyer, tradeId)).state === 'delivering' ? true : undefined), { what: 'import started', timeoutMs: 10_000, intervalMs: 20 });
  assert.equal((await postOrder(seller.url, SECRET, tradeId, quantityMilliWh)).status, 202);
  const sent = await waitFor(async () => {
    const r = await report(seller, tradeId);
    return isFinished(r) ? r : undefined;
  }, { what: 'export finished', timeoutMs: 20_000, intervalMs: 20 });
  const ended = await postStop(buyer.url, SECRET, tradeId, 'export-ended');
  assert.equal(ended.status, 200);
  return { sent, received: parseTradeReport(ended.body) };
}

describe('emulators on a shared line', { timeout: 90_000 }, () => {
  let directory: string;
  let line: string;
  const started: RunningEmulator[] = [];
  before(() => {
    directory = mkdtempSync(join(tmpdir(), 'energy-line-'));
    line = join(directory, 'community.line');
  });
  after(async () => {
    await Promise.all(started.map((node) => node.stop()));
    rmSync(directory, { recursive: true, force: true });
  });

  async function emulator(...flags: string[]): Promise<RunningEmulator> {
    const node = await startTestEmulator(['--secret', SECRET, '--time-scale', '50', '--line', line, '--battery-wh', '200',
      '--initial-soc', '50', '--quiet', ...flags]);
    started.push(node);
    return node;
  }

  it('meters at the buyer what the seller sends, less the line loss', async () => {
    const seller = await emulator();
    const buyer = await emulator('--line-loss-pct', '3');
    const [sellerBefore, buyerBefore] = [await soc(seller), await soc(buyer)];
    const { sent, received } = await trade(seller, buyer, 21, 2_000);
    assert.equal(sent.state, 'delivered');
    assert.equal(received.role, 'import');
    assert.equal(received.state, 'delivered');
    const expected = sent.deliveredMilliWh * 0.97;
    // The two processes sample on their own: a few samples of 60 W at each end.
    assert.ok(Math.abs(received.deliveredMilliWh - expected) <= 20,
      `sent ${sent.deliveredMilliWh}, received ${received.deliveredMilliWh}, expected about ${expected.toFixed(0)}`);
    // 2 Wh left the seller's battery (more, with its efficiency) and about 1.9 Wh reached the buyer's.
    assert.ok(sellerBefore - (await soc(seller)) > 0.9, 'the seller battery gave the energy');
    assert.ok((await soc(buyer)) - buyerBefore > 0.8, 'the buyer battery took it in');
  });

  it('shows a tampered seller: it reports everything while the buyer measured 40 %', async () => {
    const seller = await emulator('--tamper-factor', '2.5');
    const buyer = await emulator('--line-loss-pct', '0');
    const { sent, received } = await trade(seller, buyer, 22, 1_000);
    assert.equal(sent.state, 'delivered');
    assert.ok(sent.deliveredMilliWh >= 1_000);
    assert.ok(Math.abs(received.deliveredMilliWh - 400) <= 15, `the buyer measured ${received.deliveredMilliWh} mWh`);
  });
});
