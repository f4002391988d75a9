/**
 * `npm start` waits for a part that is slow to come up (the chain replaying a
 * large ledger after a power cut) for as long as it takes, and says what it
 * waits for; it gives up only when the part itself fails.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { startChild, whenReady } from '../../scripts/lib/child-process';

/** A child that prints its ready line after `ms`, as a slow chain would. */
function slowPart(ms: number, exitInstead = false) {
  const script = exitInstead
    ? `setTimeout(() => process.exit(3), ${ms})`
    : `setTimeout(() => { console.log('chain listening'); setInterval(() => {}, 1000); }, ${ms})`;
  return startChild('chain', process.execPath, ['-e', script], { onLine: () => undefined });
}

describe('npm start and a part that is slow to come up', () => {
  it('goes on waiting past the old limits and says what it waits for', async () => {
    const said: string[] = [];
    const child = slowPart(12_500);
    const startedAt = Date.now();
    try {
      await whenReady(child, /^chain listening/, { waitingFor: 'the chain to open its ledger' }, { onWaiting: (line) => said.push(line) });
      assert.ok(Date.now() - startedAt >= 12_000, 'it was ready only after its delay');
      assert.deepEqual(said, ['still waiting for the chain to open its ledger (10 s so far)']);
    } finally {
      await child.stop();
    }
  });

  it('stops waiting, with the reason, when the part exits instead', async () => {
    const child = slowPart(200, true);
    await assert.rejects(
      whenReady(child, /^chain listening/, { waitingFor: 'the chain to open its ledger' }, { onWaiting: () => undefined }),
      /chain exited \(exit code 3\) before printing/,
    );
  });
});
