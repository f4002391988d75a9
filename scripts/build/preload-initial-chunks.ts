/**
 * The last step of the dApp's build (`npm run build:ui`): index.html asks for
 * every chunk of the initial JavaScript at once. Angular's build names at most
 * ten of them with <link rel="modulepreload">; the browser finds the others,
 * Angular's core and ethers among them, only once it has fetched and parsed
 * the chunks that import them: a round trip and a parse later, on the path of
 * every first page a person opens.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { uiBuildDir } from '../server/ui-build-dir';
import { type ReadBuildFile, initialChunks, namedScripts } from './initial-chunks';

/** `html` with a modulepreload link, before its first script, for each initial chunk it does not name yet. */
export function withInitialChunksPreloaded(html: string, read: ReadBuildFile): { html: string; added: string[] } {
  const named = new Set(namedScripts(html));
  const added = initialChunks(html, read).filter((file) => !named.has(file));
  const firstScript = html.search(/<script\b/i);
  if (firstScript < 0) throw new Error('index.html has no <script>: was the dApp built?');
  if (added.length === 0) return { html, added };
  const links = added.map((file) => `<link rel="modulepreload" href="${file}">`).join('');
  return { html: html.slice(0, firstScript) + links + html.slice(firstScript), added };
}

function main(): void {
  const indexHtml = join(uiBuildDir(), 'index.html');
  const root = dirname(indexHtml);
  const { html, added } = withInitialChunksPreloaded(readFileSync(indexHtml, 'utf8'), (path) => readFileSync(join(root, path), 'utf8'));
  if (added.length > 0) writeFileSync(indexHtml, html);
  console.log(`index.html preloads every initial chunk (${added.length} added to the build's own links)`);
}

if (require.main === module) main();
