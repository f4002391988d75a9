/**
 * A real community for browser tests, made the way an operator makes one:
 * `npm run community -- init` in a fresh data folder, then households and
 * top-ups with the same command while the system runs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { REPO_ROOT } from '../../../scripts/lib/data-paths';

const run = promisify(execFile);
/** The operator's passphrase for the treasury key; commands read it from the environment as scripts do. */
export const TEST_PASSPHRASE = 'correct horse battery staple 42';

export interface CommunityFolder {
  readonly dataDir: string;
  readonly name: string;
  readonly currency: string;
  /** Runs `npm run community -- <args> --data-dir <dataDir>`; resolves with what it printed. */
  command(...args: string[]): Promise<string>;
  remove(): void;
}

export async function initCommunity(name: string, currency: string): Promise<CommunityFolder> {
  const dataDir = mkdtempSync(join(tmpdir(), 'energy-community-e2e-'));
  const command = async (...args: string[]) => {
    try {
      const { stdout } = await run(
        process.execPath,
        ['--require', require.resolve('tsx/cjs'), 'scripts/community/community-command.ts', ...args, '--data-dir', dataDir],
        { cwd: REPO_ROOT, env: { ...process.env, COMMUNITY_PASSPHRASE: TEST_PASSPHRASE }, timeout: 120_000 },
      );
      return stdout;
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`npm run community -- ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  };
  await command('init', '--name', name, '--currency', currency);
  return { dataDir, name, currency, command, remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}
