import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import {
  ChunkSealer,
  DEFAULT_CHUNK_BYTES,
  MAGIC_V1,
  MAGIC_V2,
  TAG_BYTES,
  V1_HEADER_BYTES,
  V2_HEADER_BYTES,
  WRAPPED_KEY_BYTES,
  chunkLayout,
  openChunk,
  seal,
  unseal,
} from './blob-format.js';

/** A stored object opened for reading: its plaintext size, and the plaintext as a stream. */
export interface BlobReader {
  size: number;
  /** Emits only authenticated plaintext; errors (and stops) at the first chunk that does not authenticate. */
  stream: Readable;
}

/**
 * Where uploaded content lives, encrypted at rest (DESIGN: security model). An interface so a later
 * S3-compatible store can replace the local disk without touching callers.
 */
export interface BlobStore {
  /**
   * Encrypts and stores `data` under `key`, durable (fsync'd) when the promise resolves — callers commit the
   * row that references the blob only after this. Returns the SHA-256 and size of the plaintext stored.
   */
  put(key: string, data: Buffer): Promise<{ sha256: string; size: number }>;
  /** As `put`, reading the plaintext from a stream, in constant memory whatever its size. */
  putStream(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<{ sha256: string; size: number }>;
  /** Decrypts and returns the blob; a tampered or foreign blob fails authentication and throws. */
  get(key: string): Promise<Buffer>;
  /** Opens the blob for streaming; the data key is unwrapped (and a foreign blob refused) before this resolves. */
  open(key: string): Promise<BlobReader>;
  delete(key: string): Promise<void>;
}

const KEY_LABEL = 'telehealth blob-store key-wrapping key v1';
/** Plaintext is read and ciphertext written in batches of this size (16 chunks of 64 KiB). */
const IO_BYTES = 1024 * 1024;

/**
 * The key-encryption key for blobs, derived from the master key with HKDF-SHA-256 (RFC 5869) under its own
 * label, so the master key itself never encrypts blob keys.
 */
export function deriveBlobKek(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), KEY_LABEL, 32));
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_-]{0,200}$/;

/** Reads exactly `length` bytes at `position` (fewer only at the end of the file). */
async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

/** A byte stream over `source` that closes `handle` when it ends, fails or is destroyed, read or not. */
function closingWith(handle: fs.FileHandle, source: AsyncGenerator<Buffer>): Readable {
  const stream = Readable.from(source, { objectMode: false });
  stream.once('close', () => void handle.close().catch(() => undefined));
  return stream;
}

/**
 * Local-disk blob store. Writes the chunked v2 format (blob-format.ts) from a stream, to a temporary name,
 * fsync'd, renamed, directory fsync'd; reads v2 as a stream and still reads v1 blobs.
 */
export class LocalBlobStore implements BlobStore {
  constructor(
    private readonly dir: string,
    private readonly kek: Buffer,
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {}

  private file(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error('invalid blob key');
    return path.join(this.dir, key);
  }

  async put(key: string, data: Buffer): Promise<{ sha256: string; size: number }> {
    return this.putStream(key, [data]);
  }

  async putStream(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<{ sha256: string; size: number }> {
    const file = this.file(key);
    const aad = Buffer.concat([MAGIC_V2, Buffer.from(key)]);
    const dataKey = randomBytes(32);
    const header = Buffer.alloc(V2_HEADER_BYTES);
    MAGIC_V2.copy(header, 0);
    seal(this.kek, dataKey, aad).copy(header, 4);
    header.writeUInt32BE(this.chunkBytes, 4 + WRAPPED_KEY_BYTES);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    try {
      const sealer = new ChunkSealer(dataKey, aad, this.chunkBytes);
      await handle.write(header);
      for await (const piece of source) {
        hash.update(piece);
        size += piece.byteLength;
        const sealed = sealer.push(piece);
        if (sealed.length > 0) await handle.writev(sealed);
      }
      await handle.write(sealer.finish());
      await handle.sync();
    } catch (err) {
      await handle.close();
      await fs.rm(tmp, { force: true });
      throw err;
    }
    await handle.close();
    await fs.rename(tmp, file);
    // the rename itself must survive a crash: fsync the directory entry too
    const dirHandle = await fs.open(path.dirname(file), 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
    return { sha256: hash.digest('hex'), size };
  }

  async get(key: string): Promise<Buffer> {
    const { stream } = await this.open(key);
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  async open(key: string): Promise<BlobReader> {
    const handle = await fs.open(this.file(key), 'r');
    try {
      const { size: fileBytes } = await handle.stat();
      const head = await readAt(handle, 0, V2_HEADER_BYTES);
      const magic = head.subarray(0, 4);
      if (magic.equals(MAGIC_V2) && head.length === V2_HEADER_BYTES) return this.openV2(handle, key, head, fileBytes);
      if (magic.equals(MAGIC_V1)) return this.openV1(handle, key, head, fileBytes);
      throw new Error('not a blob');
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  private openV2(handle: fs.FileHandle, key: string, head: Buffer, fileBytes: number): BlobReader {
    const aad = Buffer.concat([MAGIC_V2, Buffer.from(key)]);
    const dataKey = unseal(this.kek, head.subarray(4, 4 + WRAPPED_KEY_BYTES), aad);
    const chunkBytes = head.readUInt32BE(4 + WRAPPED_KEY_BYTES);
    if (chunkBytes === 0) throw new Error('not a blob');
    const { chunks, plainBytes } = chunkLayout(fileBytes - V2_HEADER_BYTES, chunkBytes);
    const sealedChunk = chunkBytes + TAG_BYTES;
    const perRead = Math.max(1, Math.floor(IO_BYTES / sealedChunk));
    async function* plaintext(): AsyncGenerator<Buffer> {
      for (let first = 0; first < chunks; first += perRead) {
        const count = Math.min(perRead, chunks - first);
        const batch = await readAt(handle, V2_HEADER_BYTES + first * sealedChunk, count * sealedChunk);
        const out: Buffer[] = [];
        for (let i = 0; i < count; i++) {
          const index = first + i;
          out.push(openChunk(dataKey, index, index === chunks - 1, batch.subarray(i * sealedChunk, (i + 1) * sealedChunk), aad));
        }
        yield Buffer.concat(out);
      }
    }
    return { size: plainBytes, stream: closingWith(handle, plaintext()) };
  }

  /**
   * v1 is one GCM message whose tag covers the whole object: a first pass authenticates it (discarding the
   * output), a second releases the plaintext, so nothing unauthenticated is ever served.
   */
  private openV1(handle: fs.FileHandle, key: string, head: Buffer, fileBytes: number): BlobReader {
    const aad = Buffer.from(key);
    const dataKey = unseal(this.kek, head.subarray(4, V1_HEADER_BYTES), aad);
    const bodyAt = V1_HEADER_BYTES + 28;
    if (fileBytes < bodyAt) throw new Error('blob is truncated');
    const decrypt = async function* (emit: boolean): AsyncGenerator<Buffer> {
      const ivTag = await readAt(handle, V1_HEADER_BYTES, 28);
      const d = createDecipheriv('aes-256-gcm', dataKey, ivTag.subarray(0, 12));
      d.setAAD(aad);
      d.setAuthTag(ivTag.subarray(12, 28));
      for (let at = bodyAt; at < fileBytes; at += IO_BYTES) {
        const plain = d.update(await readAt(handle, at, Math.min(IO_BYTES, fileBytes - at)));
        if (emit) yield plain;
      }
      d.final();
    };
    async function* authenticatedThenPlaintext(): AsyncGenerator<Buffer> {
      for await (const nothing of decrypt(false)) void nothing;
      yield* decrypt(true);
    }
    return { size: fileBytes - bodyAt, stream: closingWith(handle, authenticatedThenPlaintext()) };
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }
}
