/**
 * Builds what a fresh checkout lacks, and only that: the contract artifact,
 * the node emulator, the compiled services (also when their sources changed)
 * and the dApp's production build.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

import { CONTRACT_ARTIFACTS } from '../deploy/contract-artifacts';
import { REPO_ROOT } from '../lib/data-paths';
import { EMULATOR_BINARY } from '../nodes/emulator';
import { uiIsBuilt } from '../server/ui-build-dir';

// Plain JavaScript, shared with the launcher of npm start (scripts/launch.cjs).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require('./services-build.cjs') as { servicesAreFresh(): boolean };

export interface BuildStep {
  readonly name: string;
  readonly isBuilt: () => boolean;
  readonly command: string;
  readonly args: readonly string[];
}

export function buildSteps(options: { ui: boolean; uiDir?: string }): BuildStep[] {
  const steps: BuildStep[] = [
    { name: 'contracts', isBuilt: () => CONTRACT_ARTIFACTS.every((path) => existsSync(path)), command: 'npx', args: ['hardhat', 'compile'] },
    { name: 'node emulator', isBuilt: () => existsSync(EMULATOR_BINARY), command: 'npm', args: ['run', 'build:firmware'] },
    { name: 'services', isBuilt: () => services.servicesAreFresh(), command: 'npm', args: ['run', 'build:services'] },
  ];
  if (options.ui) steps.push({ name: 'dApp', isBuilt: () => uiIsBuilt(options.uiDir), command: 'npm', args: ['run', 'build:ui'] });
  return steps;
}

export async function buildMissing(steps: readonly BuildStep[], log: (line: string) => void): Promise<void> {
  for (const step of steps) {
    if (step.isBuilt()) continue;
    log(`building the ${step.name}: ${step.command} ${step.args.join(' ')}`);
    const started = Date.now();
    await run(step.command, step.args);
    if (!step.isBuilt()) throw new Error(`building the ${step.name} finished but produced nothing`);
    log(`built the ${step.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // Angular's CLI would otherwise ask about analytics on a fresh machine.
    const env = { ...process.env, NG_CLI_ANALYTICS: 'false' };
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit code ${code}`})`)),
    );
  });
}
