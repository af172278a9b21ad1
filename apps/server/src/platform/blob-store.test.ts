import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { sealBlobV1 } from '../testing/blob-v1.js';
import { LocalBlobStore, deriveBlobKek } from './blob-store.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of stream) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

/** Reads a stream to its end or its error, keeping what it released before failing. */
async function drain(stream: NodeJS.ReadableStream): Promise<{ released: Buffer; error: unknown }> {
  const parts: Buffer[] = [];
  try {
    for await (const p of stream) parts.push(p as Buffer);
    return { released: Buffer.concat(parts), error: null };
  } catch (error) {
    return { released: Buffer.concat(parts), error };
  }
}

function writeV1(kek: Buffer, key: string, data: Buffer): void {
  const file = path.join(dir, key);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, sealBlobV1(kek, key, data));
}

describe('encrypted local blob store', () => {
  const master = randomBytes(32);
  const kek = deriveBlobKek(master);
  const store = new LocalBlobStore(dir, kek);
  /** Tiny chunks, so a few kilobytes exercise many chunk boundaries. */
  const small = new LocalBlobStore(dir, kek, 1000);

  it('round-trips content, stores only ciphertext, and reports the SHA-256 of what was stored', async () => {
    const data = Buffer.from('a photo of a lesion '.repeat(1000));
    const put = await store.put('ab/one', data);
    expect(put).toEqual({ size: data.length, sha256: sha(data) });
    const onDisk = fs.readFileSync(path.join(dir, 'ab/one'));
    expect(onDisk.subarray(0, 4).toString()).toBe('THB2');
    expect(onDisk.includes(Buffer.from('a photo of a lesion'))).toBe(false);
    expect((await store.get('ab/one')).equals(data)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'ab'))).toEqual(['one']);
  });

  it('round-trips every chunk boundary case: empty, one byte, exact multiples, one over', async () => {
    for (const n of [0, 1, 999, 1000, 1001, 2000, 5003]) {
      const data = randomBytes(n);
      const put = await small.putStream(`sizes/n${n}`, (function* () {
        for (let at = 0; at < n; at += 333) yield data.subarray(at, at + 333);
      })());
      expect(put, `${n}`).toEqual({ size: n, sha256: sha(data) });
      const reader = await small.open(`sizes/n${n}`);
      expect(reader.size, `${n}`).toBe(n);
      expect((await readAll(reader.stream)).equals(data), `${n}`).toBe(true);
      // a store configured with another chunk size still reads it: the size is in the header
      expect((await store.get(`sizes/n${n}`)).equals(data), `${n}`).toBe(true);
    }
  });

  it('writes as it reads: ciphertext reaches the disk before the source has ended', async () => {
    const piece = randomBytes(256 * 1024);
    const onDisk: number[] = [];
    const source = function* () {
      for (let i = 0; i < 16; i++) {
        const tmp = fs.readdirSync(path.join(dir, 'big')).find((f) => f.endsWith('.tmp'));
        onDisk.push(tmp ? fs.statSync(path.join(dir, 'big', tmp)).size : 0);
        yield piece;
      }
    };
    fs.mkdirSync(path.join(dir, 'big'), { recursive: true });
    const put = await store.putStream('big/stream', source());
    expect(put.size).toBe(16 * piece.length);
    // before the 16th piece is pulled, at least 14 pieces' worth is already written (one chunk may wait)
    expect(onDisk[15]).toBeGreaterThanOrEqual(14 * piece.length);
    const reader = await store.open('big/stream');
    expect(reader.size).toBe(16 * piece.length);
    expect(sha(await readAll(reader.stream))).toBe(put.sha256);
  });

  it('still reads blobs in the first format (THB1), streamed or whole', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 17);
    writeV1(kek, 'old/one', data);
    expect((await store.get('old/one')).equals(data)).toBe(true);
    const reader = await store.open('old/one');
    expect(reader.size).toBe(data.length);
    expect((await readAll(reader.stream)).equals(data)).toBe(true);
  });

  it('never releases plaintext of a tampered first-format blob', async () => {
    writeV1(kek, 'old/two', randomBytes(3 * 1024 * 1024));
    const f = path.join(dir, 'old/two');
    const b = fs.readFileSync(f);
    b[b.length - 1]! ^= 1;
    fs.writeFileSync(f, b);
    const { released, error } = await drain((await store.open('old/two')).stream);
    expect(error).toBeInstanceOf(Error);
    expect(released.length).toBe(0);
  });

  it('derives a key-wrapping key distinct from the master key', () => {
    expect(deriveBlobKek(master).equals(master)).toBe(false);
    expect(deriveBlobKek(master).equals(deriveBlobKek(master))).toBe(true);
  });

  it('refuses a blob moved to another key, a tampered blob, another master key, and path tricks', async () => {
    await store.put('ab/two', Buffer.from('x'));
    fs.copyFileSync(path.join(dir, 'ab/two'), path.join(dir, 'ab/three'));
    await expect(store.get('ab/three')).rejects.toThrow();
    const f = path.join(dir, 'ab/two');
    const b = fs.readFileSync(f);
    b[b.length - 1]! ^= 1;
    fs.writeFileSync(f, b);
    await expect(store.get('ab/two')).rejects.toThrow();
    await expect(new LocalBlobStore(dir, deriveBlobKek(randomBytes(32))).open('ab/one')).rejects.toThrow();
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow('invalid blob key');
  });

  it('refuses reordered, dropped, truncated and extended chunks, after releasing only authenticated ones', async () => {
    const data = randomBytes(10_000);
    await small.put('ch/base', data);
    const base = fs.readFileSync(path.join(dir, 'ch/base'));
    const header = base.subarray(0, 68);
    const chunks = Array.from({ length: 10 }, (_, i) => base.subarray(68 + i * 1016, 68 + (i + 1) * 1016));
    const variants: Record<string, Buffer[]> = {
      swapped: [chunks[1]!, chunks[0]!, ...chunks.slice(2)],
      dropped: [...chunks.slice(0, 4), ...chunks.slice(5)],
      truncated: chunks.slice(0, 9),
      extended: [...chunks, chunks[9]!],
      tornTail: [...chunks.slice(0, 9), chunks[9]!.subarray(0, 500)],
    };
    // a blob is bound to its key, so each tampered body is written back under the original key
    for (const [name, body] of Object.entries(variants)) {
      fs.writeFileSync(path.join(dir, 'ch/base'), Buffer.concat([header, ...body]));
      const opened = await small.open('ch/base').then((reader) => drain(reader.stream), (error: unknown) => ({ released: Buffer.alloc(0), error }));
      const { released, error } = opened;
      expect(error, name).toBeInstanceOf(Error);
      expect(data.subarray(0, released.length).equals(released), name).toBe(true);
    }
  });
});
