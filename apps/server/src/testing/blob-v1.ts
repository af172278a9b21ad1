/** Test-only: a blob in the first on-disk format (THB1), byte for byte as the store wrote it before streaming. */
import { createCipheriv, randomBytes } from 'node:crypto';
import { seal } from '../platform/blob-format.js';

/** "THB1" | wrapped data key (60) | iv (12) | tag (16) | ciphertext, the object key as associated data. */
export function sealBlobV1(kek: Buffer, key: string, data: Buffer): Buffer {
  const aad = Buffer.from(key);
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dataKey, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(data), c.final()]);
  return Buffer.concat([Buffer.from('THB1'), seal(kek, dataKey, aad), iv, c.getAuthTag(), ct]);
}
