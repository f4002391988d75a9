/**
 * The production build's initial JavaScript, gzipped: every script that
 * index.html loads up front (its <script src> tags and <link rel="modulepreload">
 * links), each gzipped at level 9 as a server or a pre-compressing build
 * would send it. Lazy route chunks are not initial and not counted.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  readonly kbGzip: number;
  readonly kbRaw: number;
  readonly files: Record<string, number>;
}

/** The JavaScript files index.html names (relative to its folder), in order, without duplicates. */
export function initialScripts(indexHtml: string): string[] {
  const html = readFileSync(indexHtml, 'utf8');
  const files: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const isScript = /^<script/i.test(tag);
    const isPreload = /\brel\s*=\s*["']?modulepreload\b/i.test(tag);
    if (!isScript && !isPreload) continue;
    const url = (isScript ? /\bsrc\s*=\s*["']?([^"'\s>]+)/i : /\bhref\s*=\s*["']?([^"'\s>]+)/i).exec(tag)?.[1];
    if (url && !/^[a-z]+:|^\/\//i.test(url) && !files.includes(url.replace(/^\//, ''))) files.push(url.replace(/^\//, ''));
  }
  return files;
}

export function measureInitialBundle(indexHtml: string): BundleSize {
  const root = dirname(indexHtml);
  const files: Record<string, number> = {};
  let raw = 0;
  let gzip = 0;
  for (const file of initialScripts(indexHtml)) {
    const bytes = readFileSync(join(root, file));
    const zipped = gzipSync(bytes, { level: 9 }).length;
    files[file] = Math.round((zipped / 1000) * 10) / 10;
    raw += bytes.length;
    gzip += zipped;
  }
  if (Object.keys(files).length === 0) throw new Error(`${indexHtml} names no script`);
  return { kbGzip: Math.round((gzip / 1000) * 10) / 10, kbRaw: Math.round((raw / 1000) * 10) / 10, files };
}
