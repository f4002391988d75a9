/**
 * The one TypeScript definition of the node protocol
 * (src/app/nodes/node-protocol.ts) against real answers of the emulator:
 * every answer parses into its type, every refusal into the error body, and
 * signatures verify only for this node's secret, this request's nonce and
 * this exact body.
 * Run: node --import tsx --test firmware/test/http/node-protocol.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { getTradeReport, postOrder, postStop } from '../../../scripts/delivery/node-client';
import {
  NODE_REFUSALS,
  STOP_REASONS,
  STOP_REASON_WORDS,
  answerSignature,
  isFinished,
  newNonce,
  orderBody,
  parseNodeError,
  parseNodeStatus,
  parseTradeReport,
  signBody,
  tradeIdToWire,
  verifyAnswer,
} from '../../../src/app/nodes/node-protocol';
import { type RunningEmulator, startTestEmulator } from '../../../test/support/emulator';
import { waitFor } from '../../../test/support/wait-for';

const SECRET = 'protocol-test-secret';

/** One request with a fresh nonce, keeping the raw text and signature the client saw. */
async function raw(node: RunningEmulator, path: string, init: RequestInit = {}) {
  const nonce = newNonce();
  const response = await fetch(node.url + path, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'X-Nonce': nonce },
  });
  return { status: response.status, text: await response.text(), signature: response.headers.get('x-signature'), nonce };
}

async function signedPost(node: RunningEmulator, path: string, body: string, secret = SECRET) {
  return raw(node, path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Signature': await signBody(secret, body) },
    body,
  });
}

describe('the node protocol module against a real emulator', { timeout: 60_000 }, () => {
  let node: RunningEmulator;
  before(async () => {
    node = await startTestEmulator(['--secret', SECRET, '--time-scale', '100', '--max-queued', '3', '--quiet']);
  });
  after(async () => {
    await node.stop();
  });

  it('signs an order the way the node checks it, and the node signs its answer over our nonce', async () => {
    const body = orderBody({ tradeId: 11, quantityMilliWh: 50_000 });
    assert.equal(body, '{"tradeId":11,"quantityMilliWh":50000}');
    const answer = await signedPost(node, '/api/trades', body);
    assert.equal(answer.status, 202);
    assert.ok(await verifyAnswer(SECRET, answer.nonce, answer.text, answer.signature));
    assert.equal(answer.signature, await answerSignature(SECRET, answer.nonce, answer.text));
    const report = parseTradeReport(JSON.parse(answer.text));
    assert.deepEqual(
      { tradeId: report.tradeId, role: report.role, quantityMilliWh: report.quantityMilliWh, restarts: report.restarts },
      { tradeId: 11, role: 'export', quantityMilliWh: 50_000, restarts: 0 },
    );
  });

  it('refuses every answer that is not this node, this nonce and this body', async () => {
    const answer = await raw(node, '/api/trades/11');
    assert.equal(answer.status, 200);
    assert.ok(await verifyAnswer(SECRET, answer.nonce, answer.text, answer.signature));
    // A forged answer (wrong key), a replayed one (another nonce), an altered one, an unsigned one.
    assert.equal(await verifyAnswer('another-secret', answer.nonce, answer.text, answer.signature), false);
    assert.equal(await verifyAnswer(SECRET, newNonce(), answer.text, answer.signature), false);
    const altered = answer.text.replace(/"deliveredMilliWh":\d+/, '"deliveredMilliWh":499');
    assert.notEqual(altered, answer.text);
    assert.equal(await verifyAnswer(SECRET, answer.nonce, altered, answer.signature), false);
    assert.equal(await verifyAnswer(SECRET, answer.nonce, answer.text, null), false);
    assert.equal(await verifyAnswer(SECRET, answer.nonce, answer.text, 'zz'), false);
    // Last time's answer does not pass for this time's nonce.
    const later = await raw(node, '/api/trades/11');
    assert.equal(await verifyAnswer(SECRET, later.nonce, answer.text, answer.signature), false);
  });

  it('refuses an answer from a process that took over the node port', async () => {
    const impostor = await startTestEmulator(['--secret', 'not-the-node-secret', '--quiet']);
    try {
      const client = await getTradeReport(impostor.url, SECRET, 11);
      assert.equal(client.verified, false);
    } finally {
      await impostor.stop();
    }
  });

  it('parses reports, the status and the stop answer of a delivery as it happens', async () => {
    const report = await waitFor(async () => {
      const answer = await getTradeReport(node.url, SECRET, 11);
      assert.ok(answer.verified);
      const parsed = parseTradeReport(answer.body);
      return parsed.state === 'delivering' ? parsed : undefined;
    }, { what: 'trade 11 delivering', timeoutMs: 10_000, intervalMs: 20 });
    assert.ok(report.startedAtMs !== null && report.endedAtMs === null && report.stopReason === null);
    assert.ok(report.powerW > 59 && report.powerW < 61, `power now ${report.powerW} W`);
    const status = parseNodeStatus(await (await fetch(`${node.url}/api/status`)).json());
    assert.equal(status.connection, 'export');
    assert.equal(status.activeTrade?.tradeId, 11);
    assert.ok(status.exportBacklogMilliWh > 0 && status.exportBacklogMilliWh <= 50_000);

    const stopped = await postStop(node.url, SECRET, 11, 'cancelled');
    assert.equal(stopped.status, 200);
    assert.ok(stopped.verified);
    const ended = parseTradeReport(stopped.body);
    assert.ok(isFinished(ended));
    assert.equal(ended.stopReason, 'cancelled');
    assert.ok(STOP_REASON_WORDS[ended.stopReason!].length > 0);
  });

  it('turns every refusal into one error body, signed too', async () => {
    const cases: Array<[number, () => Promise<{ status: number; text: string; signature: string | null; nonce: string }>]> = [
      [400, () => signedPost(node, '/api/trades', '{"tradeId":1}')],
      [401, () => signedPost(node, '/api/trades', orderBody({ tradeId: 2, quantityMilliWh: 5 }), 'wrong')],
      [404, () => raw(node, '/api/trades/404')],
      [405, () => raw(node, '/api/trades/1', { method: 'PUT' })],
      [409, async () => {
        await postOrder(node.url, SECRET, 12, 5, 'import');
        return signedPost(node, '/api/trades', orderBody({ tradeId: 12, quantityMilliWh: 5 }));
      }],
      [410, () => signedPost(node, '/api/trades', orderBody({ tradeId: 11, quantityMilliWh: 50_000 }))],
      [413, () => signedPost(node, '/api/trades', ' '.repeat(300))],
      [429, async () => {
        for (const id of [13, 14, 15]) await postOrder(node.url, SECRET, id, 100_000);
        return signedPost(node, '/api/trades', orderBody({ tradeId: 16, quantityMilliWh: 5 }));
      }],
    ];
    for (const [status, send] of cases) {
      const answer = await send();
      assert.equal(answer.status, status, answer.text);
      assert.ok(status in NODE_REFUSALS, `${status} is documented`);
      const error = parseNodeError(JSON.parse(answer.text));
      assert.ok(error, `${status}: ${answer.text}`);
      assert.equal(error.status, status);
      assert.ok(await verifyAnswer(SECRET, answer.nonce, answer.text, answer.signature), `${status} is signed`);
      if (status === 409 || status === 410) assert.ok(error.trade, `${status} carries the trade`);
    }
  });

  it('keeps trade ids exact across the layers', () => {
    assert.equal(tradeIdToWire(7n), 7);
    assert.equal(tradeIdToWire(2n ** 53n - 1n), Number.MAX_SAFE_INTEGER);
    assert.throws(() => tradeIdToWire(2n ** 53n), /outside/);
    assert.throws(() => tradeIdToWire(-1), /outside/);
    assert.throws(() => tradeIdToWire(1.5), /outside/);
    assert.equal(STOP_REASONS.length, Object.keys(STOP_REASON_WORDS).length);
  });
});
