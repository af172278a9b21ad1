import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalBlobStore, deriveBlobKek } from './blob-store.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blobs-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('encrypted local blob store', () => {
  const master = randomBytes(32);
  const store = new LocalBlobStore(dir, deriveBlobKek(master));

  it('round-trips content, stores only ciphertext, and reports the SHA-256 of what was stored', async () => {
    const data = Buffer.from('a photo of a lesion '.repeat(1000));
    const put = await store.put('ab/one', data);
    expect(put.size).toBe(data.length);
    expect(put.sha256).toMatch(/^[0-9a-f]{64}$/);
    const onDisk = fs.readFileSync(path.join(dir, 'ab/one'));
    expect(onDisk.includes(Buffer.from('a photo of a lesion'))).toBe(false);
    expect((await store.get('ab/one')).equals(data)).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'ab'))).toEqual(['one']);
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
    await expect(new LocalBlobStore(dir, deriveBlobKek(randomBytes(32))).get('ab/one')).rejects.toThrow();
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow('invalid blob key');
  });
});
