/**
 * The build's preload step on a small build held in memory: index.html ends
 * up naming every chunk the first page imports statically, and no lazy one.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { initialChunks, namedScripts } from '../../scripts/build/initial-chunks';
import { withInitialChunksPreloaded } from '../../scripts/build/preload-initial-chunks';

const FILES: Record<string, string> = {
  'main-A.js': 'import{a as b}from"./chunk-CORE.js";import"./chunk-ONE.js";const page=()=>import("./chunk-LAZY.js");',
  'chunk-ONE.js': 'import{x}from"./chunk-TWO.js";export const one=1;',
  'chunk-TWO.js': 'import"./chunk-CORE.js";export const x=2;',
  'chunk-CORE.js': 'export const a=0;',
  'chunk-LAZY.js': 'import"./chunk-LAZY-DEP.js";export const MarketPage=0;',
  'chunk-LAZY-DEP.js': 'export const dep=0;',
};
const read = (path: string): string => {
  if (!(path in FILES)) throw new Error(`no file ${path}`);
  return FILES[path];
};
const INDEX = '<html><head></head><body><app-root></app-root><link rel="modulepreload" href="chunk-ONE.js"><script src="main-A.js" type="module"></script></body></html>';

describe("the dApp build's preload step", () => {
  it('names every chunk the first page imports statically, before the first script, and no lazy one', () => {
    const { html, added } = withInitialChunksPreloaded(INDEX, read);
    assert.deepEqual(added.sort(), ['chunk-CORE.js', 'chunk-TWO.js']);
    assert.deepEqual(namedScripts(html).sort(), ['chunk-CORE.js', 'chunk-ONE.js', 'chunk-TWO.js', 'main-A.js']);
    assert.ok(html.indexOf('href="chunk-CORE.js"') < html.indexOf('<script'), 'the links come before the script that needs them');
    assert.ok(!html.includes('LAZY'), 'lazy chunks stay lazy');
    // What the browser loads at first is unchanged: only asked for sooner.
    assert.deepEqual(initialChunks(html, read).sort(), initialChunks(INDEX, read).sort());
  });

  it('changes nothing the second time', () => {
    const once = withInitialChunksPreloaded(INDEX, read).html;
    const twice = withInitialChunksPreloaded(once, read);
    assert.deepEqual(twice.added, []);
    assert.equal(twice.html, once);
  });

  it('refuses an index.html without a script, and a build that lacks a chunk', () => {
    assert.throws(() => withInitialChunksPreloaded('<html><body></body></html>', read), /has no <script>/);
    assert.throws(() => withInitialChunksPreloaded('<script src="main-B.js" type="module"></script>', read), /no file main-B\.js/);
  });
});
