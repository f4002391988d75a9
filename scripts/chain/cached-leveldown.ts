/**
 * The chain's LevelDB store with a read cache in front of it.
 *
 * Ganache walks the state trie one node at a time, and every node it reads is
 * an asynchronous LevelDB get through the libuv thread pool: a storage read in
 * a contract call costs a handful of those round trips, one after the other,
 * and the chain process sits idle in between. Ganache has no cache of its own
 * for them, so this store keeps recently read and written entries in memory,
 * bounded in bytes, least recently used first out.
 *
 * Writes go through to LevelDB at once (the ledger is on disk as before, in the
 * same layout, so a chain written without the cache opens with it and back);
 * only reads are served from memory. Iterators read LevelDB itself, which has
 * already been handed every write in order.
 *
 * Every write is synchronous (LevelDB's `sync`: the log is flushed to the disk
 * before the write counts as done), so a transaction whose receipt Ganache has
 * handed out survives a power cut. Syncing only the last write of a block is
 * not enough: when LevelDB starts a new log file it closes the old one without
 * flushing it, and a cut at that moment would keep a later block and lose the
 * state it builds on. Measured cost in docs/system.md.
 */
import { AbstractLevelDOWN, type AbstractBatch, type AbstractIteratorOptions } from 'abstract-leveldown';
import leveldown, { type Bytes, type LevelDown } from 'leveldown';

type Callback<T = void> = (error: Error | undefined | null, value?: T) => void;

/** What an entry costs besides its bytes: the Map entry, the string key, the Buffer object. */
const ENTRY_OVERHEAD_BYTES = 96;

export const DEFAULT_CACHE_BYTES = 32 * 1024 * 1024;

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly entries: number;
  readonly bytes: number;
}

export class CachedLevelDown extends AbstractLevelDOWN<Bytes, Bytes> {
  private readonly store: LevelDown;
  /** Insertion order is recency: a hit moves its entry to the end. */
  private readonly cache = new Map<string, Buffer>();
  private cachedBytes = 0;
  /** Counts writes, so a read that raced one is not cached. */
  private writes = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    readonly location: string,
    private readonly maxBytes = DEFAULT_CACHE_BYTES,
    /** Flush each write to the disk before it counts as done (see above). */
    private readonly sync = true,
  ) {
    // abstract-leveldown 7 takes a manifest of what the store supports; its published types predate that.
    super({ bufferKeys: true, permanence: true, seek: true, clear: true, createIfMissing: true, errorIfExists: true } as never);
    this.store = leveldown(location);
  }

  /**
   * An iterator over the whole store as it is at this instant (LevelDB takes
   * a snapshot when the iterator is made): later writes do not show in it.
   */
  snapshotIterator() {
    return this.store.iterator({ keyAsBuffer: true, valueAsBuffer: true, fillCache: false } as never);
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.cache.size, bytes: this.cachedBytes };
  }

  protected _open(options: object, callback: Callback): void {
    this.store.open(options, callback);
  }

  protected _close(callback: Callback): void {
    this.forgetAll();
    this.store.close(callback);
  }

  protected _serializeKey(key: Bytes): Bytes {
    return Buffer.isBuffer(key) ? key : String(key);
  }

  protected _serializeValue(value: Bytes): Buffer {
    return Buffer.isBuffer(value) ? value : Buffer.from(String(value));
  }

  protected _get(key: Bytes, options: { asBuffer?: boolean }, callback: Callback<Bytes>): void {
    const cacheKey = keyOf(key);
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) {
      this.hits++;
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, cached);
      process.nextTick(callback, null, as(cached, options));
      return;
    }
    this.misses++;
    const writesBefore = this.writes;
    this.store.get(key, { asBuffer: true }, (error, value) => {
      if (error) return callback(error);
      const bytes = value as Buffer;
      // A write while LevelDB looked may have made what it read stale.
      if (this.writes === writesBefore) this.remember(cacheKey, bytes);
      callback(null, as(bytes, options));
    });
  }

  protected _put(key: Bytes, value: Bytes, options: object, callback: Callback): void {
    this.writes++;
    this.remember(keyOf(key), this._serializeValue(value));
    this.store.put(key, value, this.durable(options), callback);
  }

  protected _del(key: Bytes, options: object, callback: Callback): void {
    this.writes++;
    this.forget(keyOf(key));
    this.store.del(key, this.durable(options), callback);
  }

  protected _batch(operations: ReadonlyArray<AbstractBatch<Bytes, Bytes>>, options: object, callback: Callback): void {
    this.writes++;
    for (const operation of operations) {
      if (operation.type === 'put') this.remember(keyOf(operation.key), this._serializeValue(operation.value));
      else this.forget(keyOf(operation.key));
    }
    this.store.batch(operations as AbstractBatch<Bytes, Bytes>[], this.durable(options), callback);
  }

  protected _clear(options: object, callback: Callback): void {
    this.writes++;
    this.forgetAll();
    this.store.clear(options, callback);
  }

  protected _iterator(options: AbstractIteratorOptions<Bytes>) {
    return this.store.iterator(options);
  }

  private durable(options: object): object {
    return this.sync ? { ...options, sync: true } : options;
  }

  private remember(cacheKey: string, value: Buffer): void {
    this.forget(cacheKey);
    this.cache.set(cacheKey, value);
    this.cachedBytes += costOf(cacheKey, value);
    while (this.cachedBytes > this.maxBytes) {
      const oldest = this.cache.keys().next().value as string;
      this.forget(oldest);
    }
  }

  private forget(cacheKey: string): void {
    const value = this.cache.get(cacheKey);
    if (value === undefined) return;
    this.cache.delete(cacheKey);
    this.cachedBytes -= costOf(cacheKey, value);
  }

  private forgetAll(): void {
    this.cache.clear();
    this.cachedBytes = 0;
  }
}

/** Keys are bytes (a string key is stored as its UTF-8); latin1 maps each byte to one character. */
function keyOf(key: Bytes): string {
  return (Buffer.isBuffer(key) ? key : Buffer.from(key)).toString('latin1');
}

function costOf(cacheKey: string, value: Buffer): number {
  return cacheKey.length + value.length + ENTRY_OVERHEAD_BYTES;
}

function as(value: Buffer, options: { asBuffer?: boolean }): Bytes {
  return options.asBuffer === false ? value.toString() : value;
}
