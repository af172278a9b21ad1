import fs from 'node:fs/promises';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

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
  /** Decrypts and returns the blob; a tampered or foreign blob fails authentication and throws. */
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

const MAGIC = Buffer.from('THB1');
const KEY_LABEL = 'telehealth blob-store key-wrapping key v1';

/**
 * The key-encryption key for blobs, derived from the master key with HKDF-SHA-256 (RFC 5869) under its own
 * label, so the master key itself never encrypts blob keys.
 */
export function deriveBlobKek(masterKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), KEY_LABEL, 32));
}

function gcm(key: Buffer, data: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(data), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

function ungcm(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
}

const SAFE_KEY = /^[a-z0-9][a-z0-9/_-]{0,200}$/;

/**
 * Local-disk blob store. Each object gets a fresh 256-bit data key; the object is sealed with AES-256-GCM
 * under it, and the data key is wrapped (AES-256-GCM) by the key-encryption key. Both bind the object key
 * as associated data, so a blob copied to another key does not decrypt.
 * File: "THB1" | wrapped data key (60 bytes) | iv (12) | tag (16) | ciphertext.
 */
export class LocalBlobStore implements BlobStore {
  constructor(
    private readonly dir: string,
    private readonly kek: Buffer,
  ) {}

  private file(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error('invalid blob key');
    return path.join(this.dir, key);
  }

  async put(key: string, data: Buffer): Promise<{ sha256: string; size: number }> {
    const file = this.file(key);
    const aad = Buffer.from(key);
    const dataKey = randomBytes(32);
    const body = Buffer.concat([MAGIC, gcm(this.kek, dataKey, aad), gcm(dataKey, data, aad)]);
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
    // the rename itself must survive a crash: fsync the directory entry too
    const dirHandle = await fs.open(path.dirname(file), 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
    return { sha256: createHash('sha256').update(data).digest('hex'), size: data.length };
  }

  async get(key: string): Promise<Buffer> {
    const body = await fs.readFile(this.file(key));
    if (!body.subarray(0, 4).equals(MAGIC)) throw new Error('not a blob');
    const aad = Buffer.from(key);
    const dataKey = ungcm(this.kek, body.subarray(4, 64), aad);
    return ungcm(dataKey, body.subarray(64), aad);
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }
}
