import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * The on-disk formats of encrypted blobs (docs/uploads.md, "Blob format"). Every object has its own random
 * 256-bit data key, wrapped with AES-256-GCM by the key-encryption key.
 *
 * v1 ("THB1", read only): magic | wrapped key (60) | iv (12) | tag (16) | ciphertext — one GCM message over
 * the whole object, so the tag can only be checked after the last byte.
 *
 * v2 ("THB2", written since streaming): magic | wrapped key (60) | chunk size (u32 BE) | chunks. The plaintext
 * is cut into chunks of `chunk size` bytes (the last one shorter, or empty for an empty object), each sealed
 * with AES-256-GCM as ciphertext || tag (16). The nonce is the chunk's index as an 11-byte big-endian counter
 * followed by a last-chunk flag byte (the STREAM construction of Hoang, Reyhanitabar, Rogaway and Vizár,
 * "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015, as used by age): a
 * reordered, dropped, truncated or extended chunk fails authentication, and every chunk is authenticated
 * before its plaintext is released. A counter nonce is safe because the key is never reused across objects.
 * Associated data, for the wrapped key and every chunk: magic || object key, so a blob copied under another
 * key, or a v1 wrapped key spliced into a v2 header, does not decrypt.
 */
export const MAGIC_V1 = Buffer.from('THB1');
export const MAGIC_V2 = Buffer.from('THB2');
export const WRAPPED_KEY_BYTES = 60;
export const V1_HEADER_BYTES = 4 + WRAPPED_KEY_BYTES;
export const V2_HEADER_BYTES = 4 + WRAPPED_KEY_BYTES + 4;
export const TAG_BYTES = 16;
/** 64 KiB, as in age: large enough that the 16-byte tags cost 0.02 %, small enough to release data early. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;

/** One AES-256-GCM message: iv (12) | tag (16) | ciphertext. */
export function seal(key: Buffer, data: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(data), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

/** Opens a message made by `seal`; throws when it does not authenticate. */
export function unseal(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < 28) throw new Error('blob is truncated');
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
}

function chunkNonce(index: number, last: boolean): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUIntBE(index, 5, 6); // 11-byte counter: the top 5 bytes stay 0 below 2^48 chunks
  nonce[11] = last ? 1 : 0;
  return nonce;
}

/** Seals chunk `index` of a v2 blob: ciphertext || tag. */
export function sealChunk(key: Buffer, index: number, last: boolean, plain: Buffer, aad: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', key, chunkNonce(index, last));
  c.setAAD(aad);
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

/** Opens chunk `index` of a v2 blob; throws when it does not authenticate (tampered, moved, truncated). */
export function openChunk(key: Buffer, index: number, last: boolean, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < TAG_BYTES) throw new Error('blob is truncated');
  const d = createDecipheriv('aes-256-gcm', key, chunkNonce(index, last));
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG_BYTES)), d.final()]);
}

/**
 * Cuts a stream of plaintext pieces into v2 chunks. A chunk is sealed only once it is known whether more
 * follows, so the final chunk (possibly full-size, or empty for an empty object) carries the last flag.
 */
export class ChunkSealer {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private index = 0;

  constructor(
    private readonly key: Buffer,
    private readonly aad: Buffer,
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {}

  /** Sealed chunks that are complete and known not to be the last. */
  push(piece: Uint8Array): Buffer[] {
    this.pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    this.pendingBytes += piece.byteLength;
    const out: Buffer[] = [];
    if (this.pendingBytes <= this.chunkBytes) return out;
    let all = Buffer.concat(this.pending, this.pendingBytes);
    while (all.length > this.chunkBytes) {
      out.push(sealChunk(this.key, this.index++, false, all.subarray(0, this.chunkBytes), this.aad));
      all = all.subarray(this.chunkBytes);
    }
    this.pending = [all];
    this.pendingBytes = all.length;
    return out;
  }

  /** The final chunk. */
  finish(): Buffer {
    return sealChunk(this.key, this.index++, true, Buffer.concat(this.pending, this.pendingBytes), this.aad);
  }
}

/** Where chunk `index` of a v2 blob body of `bodyBytes` lies, and how many chunks there are. */
export function chunkLayout(bodyBytes: number, chunkBytes: number): { chunks: number; plainBytes: number } {
  const sealedChunk = chunkBytes + TAG_BYTES;
  const chunks = Math.max(1, Math.ceil(bodyBytes / sealedChunk));
  const lastBytes = bodyBytes - (chunks - 1) * sealedChunk;
  if (lastBytes < TAG_BYTES) throw new Error('blob is truncated');
  return { chunks, plainBytes: bodyBytes - chunks * TAG_BYTES };
}
