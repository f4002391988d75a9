/**
 * The chain's store: LevelDB on disk with a read cache in front. What it
 * answers must always be what LevelDB holds, whatever the cache has seen, and
 * what it writes must be on disk in LevelDB's own layout.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

import leveldown from 'leveldown';

import { CachedLevelDown } from '../../scripts/chain/cached-leveldown';

type Store = ReturnType<typeof leveldown> | CachedLevelDown;

function open(store: Store): Promise<void> {
  return new Promise((resolve, reject) => store.open((error) => (error ? reject(error) : resolve())));
}
function close(store: Store): Promise<void> {
  return new Promise((resolve, reject) => store.close((error) => (error ? reject(error) : resolve())));
}
function put(store: Store, key: Buffer | string, value: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => store.put(key, value, (error) => (error ? reject(error) : resolve())));
}
function del(store: Store, key: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => store.del(key, (error) => (error ? reject(error) : resolve())));
}
function batch(store: Store, operations: { type: 'put' | 'del'; key: Buffer; value?: Buffer }[]): Promise<void> {
  return new Promise((resolve, reject) => store.batch(operations as never, (error) => (error ? reject(error) : resolve())));
}
/** The value as a string, or undefined when LevelDB has no such key. */
function get(store: Store, key: Buffer | string): Promise<string | undefined> {
  return new Promise((resolve, reject) =>
    store.get(key, { asBuffer: true }, (error, value) => {
      if (error && /NotFound/i.test(error.message)) resolve(undefined);
      else if (error) reject(error);
      else resolve((value as Buffer).toString('hex'));
    }),
  );
}
function keys(store: Store): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const found: string[] = [];
    const iterator = store.iterator({ keyAsBuffer: true, values: false });
    const next = () =>
      iterator.next((error, key) => {
        if (error) return reject(error);
        if (key === undefined) return iterator.end(() => resolve(found));
        found.push((key as Buffer).toString('hex'));
        next();
      });
    next();
  });
}

const bytes = (hex: string) => Buffer.from(hex, 'hex');

describe('CachedLevelDown', () => {
  let location: string;
  beforeEach(() => {
    location = mkdtempSync(join(tmpdir(), 'energy-cached-leveldown-'));
  });
  afterEach(() => rmSync(location, { recursive: true, force: true }));

  it('answers reads from memory once read, and from LevelDB the first time', async () => {
    const store = new CachedLevelDown(location);
    await open(store);
    await batch(store, [
      { type: 'put', key: bytes('01'), value: bytes('aa') },
      { type: 'put', key: bytes('02'), value: bytes('bb') },
    ]);
    await close(store);

    const reopened = new CachedLevelDown(location);
    await open(reopened);
    assert.equal(await get(reopened, bytes('01')), 'aa');
    assert.equal(await get(reopened, bytes('01')), 'aa');
    assert.equal(await get(reopened, bytes('03')), undefined);
    const { hits, misses } = reopened.stats();
    assert.deepEqual({ hits, misses }, { hits: 1, misses: 2 });
    await close(reopened);
  });

  it('never answers a value that was overwritten or deleted', async () => {
    const store = new CachedLevelDown(location);
    await open(store);
    await put(store, bytes('01'), bytes('aa'));
    assert.equal(await get(store, bytes('01')), 'aa');
    await put(store, bytes('01'), bytes('ab'));
    assert.equal(await get(store, bytes('01')), 'ab');
    await batch(store, [{ type: 'del', key: bytes('01') }, { type: 'put', key: bytes('02'), value: bytes('cc') }]);
    assert.equal(await get(store, bytes('01')), undefined);
    await del(store, bytes('02'));
    assert.equal(await get(store, bytes('02')), undefined);
    // A string key and the same bytes as a Buffer are one LevelDB key, and one cache entry.
    await put(store, 'k', bytes('01'));
    await put(store, Buffer.from('k'), bytes('02'));
    assert.equal(await get(store, 'k'), '02');
    await close(store);
  });

  it('does not cache a read that a delete overtook', async () => {
    const store = new CachedLevelDown(location);
    await open(store);
    await put(store, bytes('01'), bytes('aa'));
    await close(store);
    const reopened = new CachedLevelDown(location);
    await open(reopened);
    // The read is in flight in LevelDB's thread pool when the delete is handed over.
    const racing = get(reopened, bytes('01'));
    await del(reopened, bytes('01'));
    await racing;
    assert.equal(await get(reopened, bytes('01')), undefined);
    await close(reopened);
  });

  it('stays within its byte budget and still answers evicted keys from disk', async () => {
    const store = new CachedLevelDown(location, 4_096);
    await open(store);
    const value = Buffer.alloc(200, 7);
    for (let i = 0; i < 100; i++) await put(store, Buffer.from([i]), value);
    assert.ok(store.stats().bytes <= 4_096, `cache holds ${store.stats().bytes} bytes`);
    assert.ok(store.stats().entries < 100);
    for (let i = 0; i < 100; i++) assert.equal(await get(store, Buffer.from([i])), value.toString('hex'));
    await close(store);
  });

  it('writes through to LevelDB in its own layout: a plain LevelDB opens what it wrote', async () => {
    const store = new CachedLevelDown(location);
    await open(store);
    await batch(store, [
      { type: 'put', key: bytes('0a'), value: bytes('01') },
      { type: 'put', key: bytes('0b'), value: bytes('02') },
    ]);
    await put(store, bytes('0c'), bytes('03'));
    await del(store, bytes('0b'));
    assert.deepEqual(await keys(store), ['0a', '0c']);
    await close(store);

    const plain = leveldown(location);
    await open(plain);
    assert.equal(await get(plain, bytes('0a')), '01');
    assert.equal(await get(plain, bytes('0b')), undefined);
    assert.equal(await get(plain, bytes('0c')), '03');
    await close(plain);
  });
});
