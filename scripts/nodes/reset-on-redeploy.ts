/**
 * Trade ids start again at 1 with every new deployment, and a node remembers
 * finished trades by id: an emulator that kept its state from an earlier
 * contract would take trade #1 of the new one for a replay and deliver
 * nothing, or refuse it as a conflict. So when the contract is new, the
 * emulators' state files (which belong to this data folder) are cleared.
 * Real ESP32 nodes must be reset by hand in that case (see the README).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Returns true when this data folder had run another contract before. */
export function resetNodeStateOnRedeploy(nodeStateDir: string, contract: string, log: (line: string) => void): boolean {
  const marker = join(nodeStateDir, 'contract.txt');
  const previous = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : undefined;
  if (previous?.toLowerCase() === contract.toLowerCase()) return false;
  const stateFiles = existsSync(nodeStateDir) ? readdirSync(nodeStateDir).filter((name) => name.endsWith('.state')) : [];
  for (const name of stateFiles) rmSync(join(nodeStateDir, name), { force: true });
  if (stateFiles.length > 0) {
    log(`new contract ${contract}: node emulators start with an empty state (trade ids start again at 1)`);
  }
  // A community without emulators or registered nodes has no state folder yet.
  mkdirSync(nodeStateDir, { recursive: true });
  writeFileSync(marker, contract + '\n');
  return previous !== undefined;
}
