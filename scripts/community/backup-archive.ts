/**
 * The backup archive: one file, encrypted and authenticated under a
 * passphrase, holding records (a manifest, the data folder's files, the
 * ledger's key/value entries, an end mark).
 *
 * Encryption is AES-256-GCM from node:crypto in chunks, as the STREAM
 * construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015) and age or Tink's
 * streaming AEAD do it: the plaintext is cut into 1 MiB chunks, each sealed
 * with its own nonce (a random 7-byte prefix, the chunk's number, a flag on
 * the last one) and the header as associated data, so a chunk that is
 * changed, moved, dropped or cut off is found when it is read, and a file of
 * any size is written and read with bounded memory. The key comes from the
 * passphrase by scrypt (N = 2^17, r = 8, p = 1: 128 MiB and about half a
 * second here, a few seconds on a Pi; the parameters are in the header).
 *
 *   header   "CEBACKUP" | version 1 | log2 N | r | p | chunk bytes (u32) | salt (16) | nonce prefix (7) | key check (16)
 *   chunks   AES-256-GCM(chunk) | tag (16), all of `chunk bytes` but the last, which is shorter
 *
 * The key check (HMAC-SHA256 of the header under a second key from scrypt)
 * tells a wrong passphrase from a damaged archive before anything is read.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

const MAGIC = Buffer.from('CEBACKUP', 'ascii');
const VERSION = 1;
const CHUNK_BYTES = 1024 * 1024;
const TAG_BYTES = 16;
const SALT_BYTES = 16;
const PREFIX_BYTES = 7;
const CHECK_BYTES = 16;
/** magic, version, log2 N, r, p, chunk size, salt, nonce prefix, key check. */
export const HEADER_BYTES = MAGIC.length + 4 + 4 + SALT_BYTES + PREFIX_BYTES + CHECK_BYTES;

export interface KdfParams {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

export const DEFAULT_KDF: KdfParams = { logN: 17, r: 8, p: 1 };

/** What is in an archive, record by record. */
export const RECORD = {
  /** JSON: what the archive holds (format, block, chain). */
  manifest: 0x4d,
  /** JSON {path, mode}, then the file's bytes. */
  file: 0x46,
  /** A ledger entry: key, then value. */
  entry: 0x4b,
  /** JSON {files, entries}: the archive is whole. */
  end: 0x45,
} as const;
export type RecordKind = (typeof RECORD)[keyof typeof RECORD];

/** Why an archive cannot be read, in words a person can act on. */
export class ArchiveError extends Error {
  constructor(
    readonly reason: 'foreign' | 'passphrase' | 'damaged',
    message: string,
  ) {
    super(message);
  }
}

interface Keys {
  readonly encryption: Buffer;
  readonly check: Buffer;
}

function deriveKeys(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Keys> {
  const N = 2 ** kdf.logN;
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 64, { N, r: kdf.r, p: kdf.p, maxmem: 256 * N * kdf.r }, (error, key) => {
      if (error) reject(error);
      else resolve({ encryption: key.subarray(0, 32), check: key.subarray(32) });
    }),
  );
}

function keyCheck(keys: Keys, headerWithoutCheck: Buffer): Buffer {
  return createHmac('sha256', keys.check).update(headerWithoutCheck).digest().subarray(0, CHECK_BYTES);
}

function nonce(prefix: Buffer, counter: number, last: boolean): Buffer {
  const iv = Buffer.alloc(12);
  prefix.copy(iv, 0);
  iv.writeUInt32BE(counter, PREFIX_BYTES);
  iv[11] = last ? 1 : 0;
  return iv;
}

/** Writes an archive to an open file: records in, encrypted chunks out. */
export class ArchiveWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private counter = 0;
  private written = 0;

  private constructor(
    private readonly file: FileHandle,
    private readonly keys: Keys,
    private readonly header: Buffer,
    private readonly prefix: Buffer,
  ) {}

  static async create(file: FileHandle, passphrase: string, kdf: KdfParams = DEFAULT_KDF): Promise<ArchiveWriter> {
    const salt = randomBytes(SALT_BYTES);
    const prefix = randomBytes(PREFIX_BYTES);
    const keys = await deriveKeys(passphrase, salt, kdf);
    const fixed = Buffer.alloc(MAGIC.length + 8);
    MAGIC.copy(fixed);
    fixed.writeUInt8(VERSION, 8);
    fixed.writeUInt8(kdf.logN, 9);
    fixed.writeUInt8(kdf.r, 10);
    fixed.writeUInt8(kdf.p, 11);
    fixed.writeUInt32BE(CHUNK_BYTES, 12);
    const withoutCheck = Buffer.concat([fixed, salt, prefix]);
    const header = Buffer.concat([withoutCheck, keyCheck(keys, withoutCheck)]);
    const writer = new ArchiveWriter(file, keys, header, prefix);
    await writer.put(header);
    return writer;
  }

  /** Bytes written to the file so far. */
  get bytes(): number {
    return this.written;
  }

  async record(kind: RecordKind, first: Buffer, second: Buffer = Buffer.alloc(0)): Promise<void> {
    const lengths = Buffer.alloc(9);
    lengths.writeUInt8(kind, 0);
    lengths.writeUInt32BE(first.length, 1);
    lengths.writeUInt32BE(second.length, 5);
    this.push(lengths);
    this.push(first);
    this.push(second);
    // A full chunk goes out only once more follows, so the last chunk is never empty unless all is.
    while (this.pendingBytes > CHUNK_BYTES) await this.seal(this.take(CHUNK_BYTES), false);
  }

  /** Seals the last chunk and flushes the file to the disk. */
  async finish(): Promise<void> {
    await this.seal(this.take(this.pendingBytes), true);
    await this.file.sync();
  }

  private push(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  /** The first `count` pending bytes, joining only the pieces they span. */
  private take(count: number): Buffer {
    const parts: Buffer[] = [];
    let needed = count;
    while (needed > 0) {
      const head = this.pending[0];
      if (head.length <= needed) {
        parts.push(head);
        needed -= head.length;
        this.pending.shift();
      } else {
        parts.push(head.subarray(0, needed));
        this.pending[0] = head.subarray(needed);
        needed = 0;
      }
    }
    this.pendingBytes -= count;
    return Buffer.concat(parts, count);
  }

  private async seal(plaintext: Buffer, last: boolean): Promise<void> {
    const cipher = createCipheriv('aes-256-gcm', this.keys.encryption, nonce(this.prefix, this.counter++, last));
    cipher.setAAD(this.header);
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    await this.put(sealed);
  }

  private async put(bytes: Buffer): Promise<void> {
    await this.file.write(bytes);
    this.written += bytes.length;
  }
}

/** The bytes of a file, read in order, from an open handle. */
async function readExactly(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/**
 * Reads an archive: checks what it is and the passphrase first, then hands
 * every record to `onRecord` in order. Throws ArchiveError with the reason
 * when the file is not a backup, the passphrase is wrong, or the file is
 * damaged or cut short (nothing after the damage is handed over).
 */
export async function readArchive(
  file: FileHandle,
  passphrase: string,
  onRecord: (kind: RecordKind, first: Buffer, second: Buffer) => Promise<void>,
): Promise<void> {
  const header = await readExactly(file, 0, HEADER_BYTES);
  if (header.length < MAGIC.length || !header.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new ArchiveError('foreign', 'it is not a Community Energy backup');
  }
  if (header.length < HEADER_BYTES) throw new ArchiveError('damaged', 'it is damaged: it ends inside its header');
  const version = header.readUInt8(8);
  if (version !== VERSION) throw new ArchiveError('foreign', `it is a backup of format ${version}, which this version cannot read`);
  const kdf: KdfParams = { logN: header.readUInt8(9), r: header.readUInt8(10), p: header.readUInt8(11) };
  const chunkBytes = header.readUInt32BE(12);
  if (kdf.logN < 10 || kdf.logN > 22 || kdf.r < 1 || kdf.r > 32 || kdf.p < 1 || kdf.p > 16 || chunkBytes < 1024 || chunkBytes > 64 * CHUNK_BYTES) {
    throw new ArchiveError('damaged', 'it is damaged: its header holds impossible settings');
  }
  const salt = header.subarray(16, 16 + SALT_BYTES);
  const prefix = header.subarray(16 + SALT_BYTES, 16 + SALT_BYTES + PREFIX_BYTES);
  const check = header.subarray(HEADER_BYTES - CHECK_BYTES);
  const keys = await deriveKeys(passphrase, salt, kdf);
  if (!timingSafeEqual(keyCheck(keys, header.subarray(0, HEADER_BYTES - CHECK_BYTES)), check)) {
    throw new ArchiveError('passphrase', 'the passphrase is wrong (or the backup is damaged in its first bytes)');
  }

  const records = new RecordParser(onRecord);
  const frameBytes = chunkBytes + TAG_BYTES;
  let position = HEADER_BYTES;
  let frame = await readExactly(file, position, frameBytes);
  for (let counter = 0; ; counter++) {
    // A frame is the last when nothing follows it.
    const following = frame.length === frameBytes ? await readExactly(file, position + frameBytes, frameBytes) : Buffer.alloc(0);
    const last = following.length === 0;
    if (frame.length < TAG_BYTES) throw new ArchiveError('damaged', 'it is damaged or cut short');
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', keys.encryption, nonce(prefix, counter, last));
      decipher.setAAD(header);
      decipher.setAuthTag(frame.subarray(frame.length - TAG_BYTES));
      plaintext = Buffer.concat([decipher.update(frame.subarray(0, frame.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new ArchiveError('damaged', last ? 'it is damaged or cut short' : `it is damaged (near byte ${position})`);
    }
    await records.add(plaintext);
    if (last) break;
    position += frameBytes;
    frame = following;
  }
  records.finish();
}

/** Cuts the decrypted stream into records, however the chunks split them. */
class RecordParser {
  private chunks: Buffer[] = [];
  private available = 0;
  private ended = false;

  constructor(private readonly onRecord: (kind: RecordKind, first: Buffer, second: Buffer) => Promise<void>) {}

  async add(plaintext: Buffer): Promise<void> {
    if (plaintext.length === 0) return;
    if (this.ended) throw new ArchiveError('damaged', 'it is damaged: something follows its end mark');
    this.chunks.push(plaintext);
    this.available += plaintext.length;
    for (;;) {
      if (this.available < 9) return;
      const lengths = this.peek(9);
      const kind = lengths.readUInt8(0) as RecordKind;
      const total = 9 + lengths.readUInt32BE(1) + lengths.readUInt32BE(5);
      if (this.available < total) return;
      const record = this.take(total);
      const first = record.subarray(9, 9 + lengths.readUInt32BE(1));
      const second = record.subarray(9 + first.length);
      if (!Object.values(RECORD).includes(kind)) throw new ArchiveError('damaged', 'it is damaged: it holds a record of unknown kind');
      if (this.ended) throw new ArchiveError('damaged', 'it is damaged: something follows its end mark');
      if (kind === RECORD.end) this.ended = true;
      await this.onRecord(kind, first, second);
    }
  }

  finish(): void {
    if (!this.ended || this.available > 0) throw new ArchiveError('damaged', 'it is cut short: its end mark is missing');
  }

  private peek(count: number): Buffer {
    if (this.chunks[0].length >= count) return this.chunks[0].subarray(0, count);
    return Buffer.concat(this.chunks).subarray(0, count);
  }

  private take(count: number): Buffer {
    let taken: Buffer;
    if (this.chunks[0].length >= count) {
      taken = this.chunks[0].subarray(0, count);
      this.chunks[0] = this.chunks[0].subarray(count);
      if (this.chunks[0].length === 0) this.chunks.shift();
    } else {
      // Only as many chunks as the record spans are joined.
      const parts: Buffer[] = [];
      let needed = count;
      while (needed > 0) {
        const head = this.chunks[0];
        if (head.length <= needed) {
          parts.push(head);
          needed -= head.length;
          this.chunks.shift();
        } else {
          parts.push(head.subarray(0, needed));
          this.chunks[0] = head.subarray(needed);
          needed = 0;
        }
      }
      taken = Buffer.concat(parts, count);
    }
    this.available -= count;
    return taken;
  }
}
