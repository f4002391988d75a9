/**
 * A new contract starts trade ids at 1 again: emulator state from the old one
 * must go, or trade #1 would be taken for a replay and never delivered; real
 * boards cannot be cleared from here, so `npm start` names them.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { reportRealNodes } from '../../scripts/nodes/report-real-nodes';
import { resetNodeStateOnRedeploy } from '../../scripts/nodes/reset-on-redeploy';
import { freePort } from '../support/ports';

describe('node emulator state across deployments', () => {
  it('is kept for the same contract and cleared for a new one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'energy-nodes-'));
    try {
      const lines: string[] = [];
      const state = join(dir, 'house-1.state');
      const secrets = join(dir, 'secrets.json');
      writeFileSync(secrets, '{}');
      assert.equal(resetNodeStateOnRedeploy(dir, '0xAAAA000000000000000000000000000000000001', (l) => lines.push(l)), false, 'a first contract replaces none');
      writeFileSync(state, 'trades of contract A');

      assert.equal(resetNodeStateOnRedeploy(dir, '0xaaaa000000000000000000000000000000000001', (l) => lines.push(l)), false);
      assert.ok(existsSync(state), 'same contract (any letter case): state kept');

      assert.equal(resetNodeStateOnRedeploy(dir, '0xBBBB000000000000000000000000000000000002', (l) => lines.push(l)), true);
      assert.ok(!existsSync(state), 'new contract: state cleared');
      assert.ok(existsSync(secrets), 'the node secrets stay');
      assert.match(lines.join('\n'), /new contract 0xBBBB.*trade ids start again at 1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the real boards to reset when the contract is new, and only then', async () => {
    const board = { account: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8', label: 'Bakery', slug: 'bakery', url: `http://127.0.0.1:${await freePort()}`, real: true };
    const emulator = { account: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', label: 'House 3', slug: 'house-3', url: 'http://127.0.0.1:7003' };
    const replaced: string[] = [];
    await reportRealNodes([emulator, board], true, (line) => replaced.push(line));
    assert.match(replaced.join('\n'), /new contract: reset every real node \(Bakery\) before it trades/);
    assert.doesNotMatch(replaced.join('\n'), /House 3/, 'emulators are cleared by npm start itself');

    const same: string[] = [];
    await reportRealNodes([emulator, board], false, (line) => same.push(line));
    assert.doesNotMatch(same.join('\n'), /reset/);
    assert.match(same.join('\n'), /Bakery \(http:\/\/127\.0\.0\.1:\d+\) does not answer now \(connection failed: ECONNREFUSED\)/);
  });
});
