/**
 * `npm run community -- backup <file>`: the whole data folder in one
 * encrypted file (backup-archive.ts), while the system runs: the ledger as of
 * one block (ledger-snapshot.ts), the deployment, the keys, the households,
 * the nodes and the delivery state. Works for a community and for the demo.
 *
 * The files are read before the ledger, so none of them is ahead of it: a
 * restored delivery service finds every trade it knew about on the chain,
 * and scans the chain for the trades opened after its saved block.
 */
import { existsSync, fsyncSync, linkSync, openSync, closeSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { ChainNotRunning, type LedgerEntry, ledgerSocketPath, readLedgerAtRest, readLedgerSnapshot } from '../chain/ledger-snapshot';
import { communityProfile } from '../lib/community-profile';
import { DEFAULT_DATA_DIR, dataPaths } from '../lib/data-paths';
import { InputError } from '../lib/user-input';
import { ArchiveWriter, RECORD } from './backup-archive';
import { dataFolderFiles } from './data-folder-files';
import { type Prompt, askHidden, newPassphrase } from './passphrase';

export const USAGE = `npm run community -- backup <file> [--data-dir DIR]

  Writes everything in the data folder into <file>, encrypted under a passphrase
  (COMMUNITY_PASSPHRASE, or asked twice at the terminal): the ledger as of one block,
  the deployment, the keys, the households, the nodes and the delivery state.
  Run it while npm start runs or while it is stopped; it never overwrites a file.
  Keep the file off this machine: a USB stick, a second computer (README: Backups).
  npm run community -- restore <file> --data-dir DIR brings it back.`;

/** The archive's own format name, in its manifest. */
export const BACKUP_FORMAT = 'community-energy-backup';

export interface BackupSummary {
  readonly file: string;
  readonly bytes: number;
  readonly files: number;
  readonly entries: number;
  /** The head block of the ledger saved; null when the chain was not running (its last saved block). */
  readonly blockNumber: number | null;
  readonly seconds: number;
}

export async function run(argv: readonly string[], print: (line: string) => void, prompt: Prompt = askHidden): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR } },
  });
  if (positionals.length !== 1) throw new InputError('backup needs the file to write, e.g. backup /media/usb/energy-2026-12-01.backup');
  const summary = await backUp(values['data-dir']!, positionals[0], () => newPassphrase(prompt, 'this backup'));
  const size = (summary.bytes / 1024 / 1024).toFixed(1);
  const block = summary.blockNumber === null ? 'as the stopped chain saved it' : `as of block ${summary.blockNumber}`;
  print(`backup written to ${summary.file}: the ledger ${block} and ${summary.files} files, ${size} MB, in ${summary.seconds.toFixed(1)} s`);
  print('keep a copy off this machine (a USB stick, a second computer); restore it with npm run community -- restore <file> --data-dir DIR');
}

export async function backUp(dataDir: string, target: string, passphrase: () => Promise<string>): Promise<BackupSummary> {
  const paths = dataPaths(dataDir);
  if (!existsSync(paths.chainDb) || !existsSync(paths.deployment)) {
    throw new InputError(`${paths.root} holds no chain to back up: give the data folder of a system that has run (--data-dir)`);
  }
  const file = resolve(target);
  if (existsSync(file)) throw new InputError(`${file} already exists: choose a new name (a backup never overwrites a file)`);
  if (!relative(paths.root, file).startsWith('..')) throw new InputError(`${file} is inside the data folder: write the backup somewhere else`);
  const partial = `${file}.partial-${process.pid}`;
  let handle: FileHandle;
  try {
    handle = await open(partial, 'wx', 0o600);
  } catch (error) {
    throw new InputError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : reason(error)}`);
  }
  try {
    const secret = await passphrase();
    const started = performance.now();
    const writer = await ArchiveWriter.create(handle, secret);
    const profile = communityProfile(paths);
    // The files first: none of them is then ahead of the ledger taken after them.
    const files = dataFolderFiles(paths).map((each) => ({ ...each, bytes: readFileSync(each.absolute) }));
    await writer.record(RECORD.manifest, json({ format: BACKUP_FORMAT, version: 1, createdAt: new Date().toISOString(), mode: profile.mode, chainId: profile.chainId }));
    for (const each of files) await writer.record(RECORD.file, json({ path: each.path, mode: each.mode }), each.bytes);

    const write = async (entries: LedgerEntry[]) => {
      for (const entry of entries) await writer.record(RECORD.entry, entry.key, entry.value);
    };
    let blockNumber: number | null = null;
    let blockHash: string | null = null;
    let entries: number;
    try {
      const snapshot = await readLedgerSnapshot(ledgerSocketPath(paths.root), write);
      ({ blockNumber, blockHash, entries } = snapshot);
    } catch (error) {
      if (!(error instanceof ChainNotRunning)) throw error;
      entries = await readLedgerAtRest(paths.chainDb, write).catch((atRest: Error) => {
        if (/lock/i.test(atRest.message)) {
          throw new InputError(`the chain of ${paths.root} is running but does not hand out its ledger: restart npm start, then back up again`);
        }
        throw atRest;
      });
    }
    await writer.record(RECORD.end, json({ files: files.length, entries, blockNumber, blockHash }));
    await writer.finish();
    await handle.close();
    // link, not rename: it fails rather than replace a file that appeared meanwhile.
    linkSync(partial, file);
    rmSync(partial);
    syncFolder(dirname(file));
    return { file, bytes: statSync(file).size, files: files.length, entries, blockNumber, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await handle.close().catch(() => undefined);
    rmSync(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new InputError(`cannot write ${file}: the disk is full`);
    throw error;
  }
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'the disk is read-only';
  if (code === 'ENOTDIR') return 'a part of its path is not a folder';
  return error instanceof Error ? error.message : String(error);
}

/** Makes a new name in `folder` survive a power cut. */
export function syncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
