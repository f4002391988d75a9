/**
 * The production build's initial JavaScript, gzipped: every script that
 * index.html loads up front (its <script src> tags and <link rel="modulepreload">
 * links) and every chunk those import statically (Angular preloads at most ten),
 * each gzipped at level 9 as a server or a pre-compressing build would send it.
 * Lazy chunks (dynamic `import()`) are not initial and not counted.
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

/** Relative modules a chunk imports statically (`import ... from "./x.js"`, `import "./x.js"`), not `import("./x.js")`. */
export function staticImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/\bimport\s*(?:[\w*{}\s,$]+?\s*from\s*)?["'](\.\/[^"']+)["']/g)) found.push(match[1].slice(2));
  return found;
}

/** index.html's scripts and, transitively, what they import statically. */
export function initialFiles(indexHtml: string): string[] {
  const root = dirname(indexHtml);
  const files = initialScripts(indexHtml);
  for (let i = 0; i < files.length; i++) {
    for (const imported of staticImports(readFileSync(join(root, files[i]), 'utf8'))) {
      const path = join(dirname(files[i]), imported);
      if (!files.includes(path)) files.push(path);
    }
  }
  return files;
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
