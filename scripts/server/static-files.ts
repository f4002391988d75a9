/**
 * Serves the built dApp: exact files with their MIME type, index.html for
 * any other page path (the app routes in the browser), long caching for
 * content-hashed files and revalidation for the rest. Text is gzipped once
 * and kept, since phones load it over Wi-Fi.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

import { sendError } from './json-response';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.webmanifest']);

/** Angular's output hashing: main-ABCD1234.js, chunk-XYZ12345.js, styles-1234ABCD.css. */
const HASHED_NAME = /-[A-Z0-9]{8,}\.[a-z0-9]+$/;

interface Entry {
  readonly body: Buffer;
  readonly gzipped?: Buffer;
  readonly etag: string;
  readonly mtimeMs: number;
}

export function staticFilesHandler(rootDir: string) {
  const root = normalize(rootDir + sep);
  const cache = new Map<string, Entry>();

  const load = (path: string): Entry | undefined => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const cached = cache.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs) return cached;
    const body = readFileSync(path);
    const etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`;
    const gzipped = COMPRESSIBLE.has(extname(path)) && body.length > 1024 ? gzipSync(body) : undefined;
    const entry = { body, gzipped, etag, mtimeMs: stat.mtimeMs };
    cache.set(path, entry);
    return entry;
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, 'only GET and HEAD are served here', { Allow: 'GET, HEAD' });
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      sendError(res, 400, 'malformed path');
      return;
    }
    const candidate = normalize(join(root, pathname));
    if (!candidate.startsWith(root) && candidate + sep !== root) {
      sendError(res, 400, 'path outside the app');
      return;
    }
    let path = candidate;
    let entry = pathname.endsWith('/') ? undefined : load(candidate);
    if (!entry) {
      // A file name that is missing is a 404; any other path is a page of the app.
      if (extname(pathname) && !pathname.endsWith('/')) {
        sendError(res, 404, `no such file: ${pathname}`);
        return;
      }
      path = join(root, 'index.html');
      entry = load(path);
      if (!entry) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end('The dApp is not built yet: run "npm run build:ui" (npm start does it when it is missing).\n');
        return;
      }
    }
    const extension = extname(path);
    const headers: Record<string, string> = {
      'Content-Type': MIME[extension] ?? 'application/octet-stream',
      'Cache-Control': HASHED_NAME.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: entry.etag,
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
    };
    if (req.headers['if-none-match'] === entry.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    const gzip = entry.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? entry.gzipped! : entry.body;
    if (gzip) headers['Content-Encoding'] = 'gzip';
    headers['Content-Length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
