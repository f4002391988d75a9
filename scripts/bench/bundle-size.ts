/**
 * The production build's initial JavaScript, gzipped: every script that
 * index.html loads up front (its <script src> tags and <link rel="modulepreload">
 * links) and every chunk those import statically,
 * each gzipped at level 9 as a server or a pre-compressing build would send it.
 * Lazy chunks (dynamic `import()`) are not initial and not counted.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { initialFiles } from '../build/initial-chunks';

export interface BundleSize {
  readonly kbGzip: number;
  readonly kbRaw: number;
  readonly files: Record<string, number>;
}

export function measureInitialBundle(indexHtml: string): BundleSize {
  const root = dirname(indexHtml);
  const files: Record<string, number> = {};
  let raw = 0;
  let gzip = 0;
  for (const file of initialFiles(indexHtml)) {
    const bytes = readFileSync(join(root, file));
    const zipped = gzipSync(bytes, { level: 9 }).length;
    files[file] = Math.round((zipped / 1000) * 10) / 10;
    raw += bytes.length;
    gzip += zipped;
  }
  if (Object.keys(files).length === 0) throw new Error(`${indexHtml} names no script`);
  return { kbGzip: Math.round((gzip / 1000) * 10) / 10, kbRaw: Math.round((raw / 1000) * 10) / 10, files };
}
