/**
 * `npm run community -- restore <file> --data-dir DIR`: a backup made by
 * `backup` brought back into a new data folder, on this machine or a fresh
 * one: the exact ledger, the deployment, the keys, the households, the nodes
 * and the delivery state. `npm start -- --data-dir DIR` then goes on
 * delivering and settling what was in flight.
 *
 * Everything is written into a folder beside DIR and moved into place only
 * once the whole archive has been read and checked: a wrong passphrase, a
 * damaged or foreign file, or a full disk leave nothing behind.
 */
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import leveldown from 'leveldown';

import { DEFAULT_DATA_DIR, dataPaths } from '../lib/data-paths';
import { InputError } from '../lib/user-input';
import { ArchiveError, HEADER_BYTES, RECORD, readArchive } from './backup-archive';
import { BACKUP_FORMAT, syncFolder } from './backup';
import { safeArchivePath } from './data-folder-files';
import { type Prompt, askHidden, existingPassphrase } from './passphrase';

export const USAGE = `npm run community -- restore <file> --data-dir DIR

  Brings back a backup made by npm run community -- backup into DIR, a new or
  empty folder: the ledger as of its block, the deployment, the keys, the
  households, the nodes and the delivery state. Asks for the backup's passphrase
  (or reads COMMUNITY_PASSPHRASE). Then: npm start -- --data-dir DIR`;

/** Ledger entries written to LevelDB at once. */
const BATCH_ENTRIES = 2000;

export interface RestoreSummary {
  readonly dataDir: string;
  readonly files: number;
  readonly entries: number;
  readonly blockNumber: number | null;
  readonly seconds: number;
}

export async function run(argv: readonly string[], print: (line: string) => void, prompt: Prompt = askHidden): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { 'data-dir': { type: 'string', default: DEFAULT_DATA_DIR } },
  });
  if (positionals.length !== 1) throw new InputError('restore needs the backup file, e.g. restore /media/usb/energy.backup --data-dir data');
  const summary = await restore(positionals[0], values['data-dir']!, () => existingPassphrase(prompt, 'Backup passphrase: '));
  const block = summary.blockNumber === null ? 'as the chain last saved it' : `as of block ${summary.blockNumber}`;
  print(`restored into ${summary.dataDir}: the ledger ${block} and ${summary.files} files, in ${summary.seconds.toFixed(1)} s`);
  print(`start it with: npm start -- --data-dir ${summary.dataDir}`);
}

export async function restore(source: string, dataDir: string, passphrase: () => Promise<string>): Promise<RestoreSummary> {
  const file = resolve(source);
  const target = dataPaths(dataDir).root;
  let handle: FileHandle;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    handle = await open(file, 'r');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(`cannot read ${file}: ${missing ? 'there is no such file' : 'it is not a readable file'}`);
  }
  try {
    if (existsSync(target) && (!lstatSync(target).isDirectory() || readdirSync(target).length > 0)) {
      throw new InputError(`${target} already holds data: restore into a new or empty folder (nothing was changed)`);
    }
    // Before the passphrase is asked: a file that is no backup says so at once.
    await checkLooksLikeBackup(handle, file);
    const secret = await passphrase();
    return await restoreFrom(handle, file, target, secret);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function checkLooksLikeBackup(handle: FileHandle, file: string): Promise<void> {
  const start = Buffer.alloc(HEADER_BYTES);
  const { bytesRead } = await handle.read(start, 0, HEADER_BYTES, 0);
  if (bytesRead < 8 || start.subarray(0, 8).toString('ascii') !== 'CEBACKUP') {
    throw new InputError(`${file} cannot be restored: it is not a Community Energy backup (nothing was changed)`);
  }
}

async function restoreFrom(handle: FileHandle, file: string, target: string, passphrase: string): Promise<RestoreSummary> {
  const started = performance.now();
  const parent = dirname(target);
  const createdParent = mkdirSync(parent, { recursive: true });
  const staging = join(parent, `.${basename(target)}.restoring-${process.pid}`);
  mkdirSync(staging, { mode: 0o700 });
  const db = leveldown(join(staging, 'chain'));
  let dbOpen = false;
  try {
    mkdirSync(join(staging, 'chain'));
    await call((done) => db.open({ createIfMissing: true, errorIfExists: true }, done));
    dbOpen = true;
    let manifest: { format?: string } | undefined;
    let files = 0;
    let entries = 0;
    let end: { files: number; entries: number; blockNumber: number | null } | undefined;
    let batch: { type: 'put'; key: Buffer; value: Buffer }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const operations = batch;
      batch = [];
      await call((done) => db.batch(operations, done));
    };

    await readArchive(handle, passphrase, async (kind, first, second) => {
      if (kind !== RECORD.manifest && !manifest) throw new ArchiveError('foreign', 'it does not start with a backup manifest');
      if (kind === RECORD.manifest) {
        manifest = parseJson(first);
        if (manifest?.format !== BACKUP_FORMAT) throw new ArchiveError('foreign', 'it is not a Community Energy backup');
      } else if (kind === RECORD.file) {
        const meta = parseJson(first) as { path?: unknown; mode?: unknown };
        const path = safeArchivePath(meta.path);
        const mode = typeof meta.mode === 'number' ? meta.mode & 0o777 : 0o600;
        if (!path) throw new ArchiveError('damaged', 'it names a file outside the data folder');
        const absolute = join(staging, ...path.split('/'));
        mkdirSync(dirname(absolute), { recursive: true });
        writeFileSync(absolute, second, { mode, flag: 'wx' });
        files++;
      } else if (kind === RECORD.entry) {
        batch.push({ type: 'put', key: first, value: second });
        entries++;
        if (batch.length >= BATCH_ENTRIES) await flush();
      } else {
        await flush();
        end = parseJson(first) as typeof end;
      }
    });
    if (!end || end.files !== files || end.entries !== entries) throw new ArchiveError('damaged', 'its end mark does not match what it holds');
    await call((done) => db.close(done));
    dbOpen = false;
    syncTree(staging);
    if (existsSync(target)) rmdirSync(target); // empty, checked above
    renameSync(staging, target);
    syncFolder(parent);
    return { dataDir: target, files, entries, blockNumber: end.blockNumber, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    if (dbOpen) await call((done) => db.close(done)).catch(() => undefined);
    rmSync(staging, { recursive: true, force: true });
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    if (error instanceof ArchiveError) throw new InputError(`${file} cannot be restored: ${error.message} (nothing was changed)`);
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') throw new InputError(`cannot restore into ${target}: the disk is full (nothing was changed)`);
    throw error;
  }
}

function parseJson(bytes: Buffer): any {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new ArchiveError('damaged', 'a record of it is unreadable');
  }
}

function call(start: (done: (error?: Error | null) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => start((error) => (error ? reject(error) : resolve())));
}

/** Flushes every file and folder of `root` to the disk, before it is moved into place. */
function syncTree(root: string): void {
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    if (lstatSync(path).isDirectory()) syncTree(path);
    else {
      const fd = openSync(path, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }
  syncFolder(root);
}
