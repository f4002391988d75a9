/**
 * What of a data folder a backup holds as files: everything but the ledger's
 * database (the backup takes it as of one block, through the chain) and what
 * only means something while the system runs.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import type { DataPaths } from '../lib/data-paths';

export interface DataFile {
  /** Relative to the data folder, with "/" between folders. */
  readonly path: string;
  readonly absolute: string;
  readonly mode: number;
}

/** Temporary files of atomic writes (name.<pid>.tmp) and of backups and restores in progress. */
const TRANSIENT = /(\.tmp|\.partial-\d+|\.sock)$/;

export function dataFolderFiles(paths: DataPaths): DataFile[] {
  const skipped = new Set([paths.chainDb, paths.chainEndpoint]);
  const files: DataFile[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const absolute = join(folder, name);
      if (skipped.has(absolute) || TRANSIENT.test(name)) continue;
      const stat = lstatSync(absolute);
      if (stat.isDirectory()) walk(absolute);
      else if (stat.isFile()) files.push({ path: relative(paths.root, absolute).split(sep).join('/'), absolute, mode: stat.mode & 0o777 });
    }
  };
  walk(paths.root);
  return files;
}

/**
 * A path from an archive, checked before anything is written there: relative,
 * inside the folder, not the ledger's place. Undefined when it is none of these.
 */
export function safeArchivePath(path: unknown): string | undefined {
  if (typeof path !== 'string' || path === '' || path.length > 1024) return undefined;
  const parts = path.split('/');
  if (path.startsWith('/') || parts.some((part) => part === '' || part === '.' || part === '..' || part.includes('\\') || part.includes('\0'))) {
    return undefined;
  }
  if (parts[0] === 'chain') return undefined;
  return path;
}
