/**
 * The dApp's initial JavaScript as the browser finds it: the scripts
 * index.html names (<script src>, <link rel="modulepreload">) and, transitively,
 * the chunks they import statically. Lazy chunks (dynamic `import()`) are not
 * initial. Shared by the build's preload step and the bundle-size figures.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Reads a file of the build by its path relative to index.html's folder. */
export type ReadBuildFile = (path: string) => string;

/** The JavaScript files an index.html names (relative to its folder), in order, without duplicates. */
export function namedScripts(html: string): string[] {
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

/** The scripts `html` names and, transitively, what they import statically. */
export function initialChunks(html: string, read: ReadBuildFile): string[] {
  const files = namedScripts(html);
  for (let i = 0; i < files.length; i++) {
    for (const imported of staticImports(read(files[i]))) {
      const path = join(dirname(files[i]), imported);
      if (!files.includes(path)) files.push(path);
    }
  }
  return files;
}

/** initialChunks of a built index.html on disk. */
export function initialFiles(indexHtml: string): string[] {
  const root = dirname(indexHtml);
  return initialChunks(readFileSync(indexHtml, 'utf8'), (path) => readFileSync(join(root, path), 'utf8'));
}
