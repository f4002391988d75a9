/**
 * A new contract starts trade ids at 1 again: emulator state from the old one
 * must go, or trade #1 would be taken for a replay and never delivered.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { resetNodeStateOnRedeploy } from '../../scripts/nodes/reset-on-redeploy';

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
});
