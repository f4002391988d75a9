/**
 * The ledger as of one block, read while the chain runs: for backups.
 *
 * Only the chain process may open its LevelDB, so it hands the ledger out
 * over a local channel: a Unix socket in the data folder, readable by the
 * folder's owner only. Asked for a snapshot, it waits for a moment between
 * two blocks (no transaction being mined, see TransactionLane), notes the
 * head block and opens a LevelDB iterator there, which is a snapshot: blocks
 * mined while the backup streams do not show in it. The chain keeps taking
 * transactions all the while; it pauses only for the instant the iterator is
 * made.
 *
 * When the chain does not run, the backup reads the LevelDB itself: nothing
 * writes it then.
 *
 * Wire: the client sends one line `{"request":"snapshot"}`; the chain answers
 * one JSON line (the block), then entries `[u32 key length][key][u32 value
 * length][value]`, then `[u32 0xffffffff][u32 entry count]`.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import leveldown from 'leveldown';

const END = 0xffffffff;
/** Unix socket paths are limited to about 107 bytes. */
const MAX_SOCKET_PATH = 100;

export interface SnapshotHead {
  readonly blockNumber: number;
  readonly blockHash: string;
  readonly chainId: number;
}

export interface LedgerEntry {
  readonly key: Buffer;
  readonly value: Buffer;
}

/** A LevelDB iterator as leveldown hands it out. */
interface RawIterator {
  next(callback: (error: Error | undefined, key?: Buffer, value?: Buffer) => void): void;
  end(callback: (error?: Error) => void): void;
}

/** Where the chain of `dataDir` listens for snapshot requests. */
export function ledgerSocketPath(dataDir: string): string {
  const inFolder = join(dataDir, 'chain-backup.sock');
  if (Buffer.byteLength(inFolder) <= MAX_SOCKET_PATH) return inFolder;
  // A deep data folder: a name derived from it in the temporary directory (still owner-only).
  return join(tmpdir(), `energy-chain-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}.sock`);
}

export interface SnapshotSource {
  /** Runs `work` between two blocks. */
  between<T>(work: () => Promise<T> | T): Promise<T>;
  head(): Promise<SnapshotHead>;
  iterator(): RawIterator;
}

/** The chain process's side: answers snapshot requests on `socketPath` until closed. */
export async function serveLedgerSnapshots(socketPath: string, source: SnapshotSource, log: (line: string) => void): Promise<Server> {
  rmSync(socketPath, { force: true });
  const server = createServer((socket) => {
    let request = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      request += chunk.toString('utf8');
      if (!request.includes('\n')) {
        if (request.length > 1024) socket.destroy();
        return;
      }
      socket.removeAllListeners('data');
      let asked: { request?: string };
      try {
        asked = JSON.parse(request.split('\n')[0]);
      } catch {
        asked = {};
      }
      if (asked.request !== 'snapshot') {
        socket.end(JSON.stringify({ error: 'the only request is {"request":"snapshot"}' }) + '\n');
        return;
      }
      streamSnapshot(socket, source).then(
        (count) => log(`ledger snapshot handed out: ${count} entries`),
        (error) => {
          log(`ledger snapshot failed: ${error instanceof Error ? error.message : error}`);
          socket.destroy();
        },
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  chmodSync(socketPath, 0o600);
  return server;
}

async function streamSnapshot(socket: Socket, source: SnapshotSource): Promise<number> {
  const { head, iterator } = await source.between(async () => {
    const head = await source.head();
    return { head, iterator: source.iterator() };
  });
  let count = 0;
  try {
    await write(socket, Buffer.from(JSON.stringify(head) + '\n'));
    for (;;) {
      const entry = await next(iterator);
      if (!entry) break;
      count++;
      const lengths = Buffer.alloc(4);
      lengths.writeUInt32BE(entry.key.length);
      const valueLength = Buffer.alloc(4);
      valueLength.writeUInt32BE(entry.value.length);
      const more = socket.write(Buffer.concat([lengths, entry.key, valueLength, entry.value]));
      if (!more) await new Promise((resolve) => socket.once('drain', resolve));
      if (socket.destroyed) throw new Error('the backup went away');
    }
    const end = Buffer.alloc(8);
    end.writeUInt32BE(END, 0);
    end.writeUInt32BE(count, 4);
    await write(socket, end);
    socket.end();
    return count;
  } finally {
    await new Promise<void>((resolve) => iterator.end(() => resolve()));
  }
}

function write(socket: Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => socket.write(bytes, (error) => (error ? reject(error) : resolve())));
}

function next(iterator: RawIterator): Promise<LedgerEntry | undefined> {
  return new Promise((resolve, reject) =>
    iterator.next((error, key, value) => {
      if (error) reject(error);
      else resolve(key === undefined ? undefined : { key: key as Buffer, value: value as Buffer });
    }),
  );
}

/** The chain is not running here: nothing answers on its socket. */
export class ChainNotRunning extends Error {}

/**
 * The backup's side: asks the running chain for a snapshot and hands its
 * entries to `onEntries` in batches (awaited, so a slow writer slows the
 * stream). Resolves with the head and the number of entries.
 */
export async function readLedgerSnapshot(
  socketPath: string,
  onEntries: (entries: LedgerEntry[]) => Promise<void>,
): Promise<SnapshotHead & { entries: number }> {
  if (!existsSync(socketPath)) throw new ChainNotRunning(socketPath);
  const socket = connect(socketPath);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? new ChainNotRunning(socketPath) : error),
    );
  });
  socket.write(JSON.stringify({ request: 'snapshot' }) + '\n');
  let buffer: Buffer = Buffer.alloc(0);
  let head: SnapshotHead | undefined;
  let entries = 0;
  for await (const chunk of socket) {
    buffer = buffer.length ? Buffer.concat([buffer, chunk as Buffer]) : (chunk as Buffer);
    if (!head) {
      const newline = buffer.indexOf(0x0a);
      if (newline < 0) continue;
      const first = JSON.parse(buffer.subarray(0, newline).toString('utf8')) as SnapshotHead & { error?: string };
      if (first.error) throw new Error(first.error);
      head = first;
      buffer = buffer.subarray(newline + 1);
    }
    const batch: LedgerEntry[] = [];
    let offset = 0;
    for (;;) {
      if (buffer.length - offset < 4) break;
      const keyLength = buffer.readUInt32BE(offset);
      if (keyLength === END) {
        if (buffer.length - offset < 8) break;
        const count = buffer.readUInt32BE(offset + 4);
        await onEntries(batch);
        entries += batch.length;
        if (count !== entries) throw new Error(`the snapshot sent ${entries} entries but announced ${count}`);
        socket.destroy();
        return { ...head, entries };
      }
      if (buffer.length - offset < 4 + keyLength + 4) break;
      const valueLength = buffer.readUInt32BE(offset + 4 + keyLength);
      const end = offset + 8 + keyLength + valueLength;
      if (buffer.length < end) break;
      batch.push({
        key: Buffer.from(buffer.subarray(offset + 4, offset + 4 + keyLength)),
        value: Buffer.from(buffer.subarray(offset + 8 + keyLength, end)),
      });
      offset = end;
    }
    buffer = buffer.subarray(offset);
    if (batch.length) {
      // The next chunk is read only after this: a slow writer slows the stream.
      await onEntries(batch);
      entries += batch.length;
    }
  }
  throw new Error('the chain ended the snapshot before its end: it may have stopped during the backup');
}

/** A LevelDB that no process has open: read it directly (the chain is stopped). */
export async function readLedgerAtRest(chainDb: string, onEntries: (entries: LedgerEntry[]) => Promise<void>): Promise<number> {
  const db = leveldown(chainDb);
  await new Promise<void>((resolve, reject) => db.open({ createIfMissing: false }, (error) => (error ? reject(error) : resolve())));
  const iterator = db.iterator({ keyAsBuffer: true, valueAsBuffer: true, fillCache: false }) as unknown as RawIterator;
  let entries = 0;
  try {
    let batch: LedgerEntry[] = [];
    for (;;) {
      const entry = await next(iterator);
      if (entry) batch.push(entry);
      if (batch.length >= 1000 || (!entry && batch.length)) {
        await onEntries(batch);
        entries += batch.length;
        batch = [];
      }
      if (!entry) break;
    }
  } finally {
    await new Promise<void>((resolve) => iterator.end(() => resolve()));
    await new Promise<void>((resolve) => db.close(() => resolve()));
  }
  return entries;
}
