/**
 * Builds what `npm start --no-build` needs, once, and only what is missing:
 * the contract, the UI production build and the node emulator.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** Where `ng build` puts index.html, whichever output layout angular.json uses. */
export function uiIndexHtml(): string | undefined {
  const candidates = ['dist/index.html', 'dist/browser/index.html', 'dist/energy-market/browser/index.html'];
  return candidates.map((p) => join(REPO_ROOT, p)).find((p) => existsSync(p));
}

const STEPS: readonly { name: string; script: string; built: () => boolean }[] = [
  {
    name: 'contract',
    script: 'build:contracts',
    built: () => existsSync(join(REPO_ROOT, 'artifacts/contracts/EnergyMarketplace.sol/EnergyMarketplace.json')),
  },
  { name: 'UI', script: 'build:ui', built: () => uiIndexHtml() !== undefined },
  { name: 'node emulator', script: 'build:firmware', built: () => existsSync(join(REPO_ROOT, 'firmware/build/energy-node')) },
];

export function ensureBuilt(): void {
  for (const step of STEPS) {
    if (step.built()) continue;
    console.log(`# building the ${step.name} (npm run ${step.script})`);
    const run = spawnSync('npm', ['run', step.script], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (run.status !== 0 || !step.built()) {
      throw new Error(`npm run ${step.script} failed (exit ${run.status}): the ${step.name} is not built`);
    }
  }
}
