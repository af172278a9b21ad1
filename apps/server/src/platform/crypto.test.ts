import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomToken, safeEqual, seal, sha256Hex, unseal } from './crypto.js';

const key = randomBytes(32);

/** Flips one bit of the sealed value's bytes at `index`. */
function flip(sealed: string, index: number): string {
  const buf = Buffer.from(sealed, 'base64url');
  buf[index] = buf[index]! ^ 0x01;
  return buf.toString('base64url');
}

describe('seal and unseal (AES-256-GCM)', () => {
  it('round-trips text, including non-ASCII and empty values', () => {
    for (const text of ['JBSWY3DPEHPK3PXP', 'Zoë Ångström 患者', '']) {
      expect(unseal(key, seal(key, text, 'totp:u1'), 'totp:u1')).toBe(text);
    }
  });

  it('uses a fresh IV each time, so equal secrets do not look equal at rest', () => {
    const a = seal(key, 'same', 'aad');
    const b = seal(key, 'same', 'aad');
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url').subarray(0, 12).equals(Buffer.from(b, 'base64url').subarray(0, 12))).toBe(false);
  });

  it('writes iv, tag and ciphertext as URL-safe base64', () => {
    const sealed = seal(key, 'abc', 'aad');
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(sealed, 'base64url')).toHaveLength(12 + 16 + 3);
  });

  it('rejects a value sealed for another owner (wrong AAD)', () => {
    const sealed = seal(key, 'secret', 'totp:user-a');
    expect(() => unseal(key, sealed, 'totp:user-b')).toThrow();
    expect(() => unseal(key, sealed, 'totp-pending:user-a')).toThrow();
  });

  it('rejects a tampered ciphertext, tag or IV', () => {
    const sealed = seal(key, 'a secret worth protecting', 'aad');
    expect(() => unseal(key, flip(sealed, 0), 'aad')).toThrow();
    expect(() => unseal(key, flip(sealed, 12), 'aad')).toThrow();
    expect(() => unseal(key, flip(sealed, 30), 'aad')).toThrow();
  });

  it('rejects a truncated value and one sealed under another key', () => {
    const sealed = seal(key, 'a secret', 'aad');
    expect(() => unseal(key, sealed.slice(0, 20), 'aad')).toThrow();
    expect(() => unseal(randomBytes(32), sealed, 'aad')).toThrow();
  });
});

describe('tokens and digests', () => {
  it('makes URL-safe random tokens of the requested entropy', () => {
    const t = randomToken(32);
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(randomToken(24)).toHaveLength(32);
    expect(randomToken()).not.toBe(randomToken());
  });

  it('computes SHA-256 as lower-case hex (FIPS 180-4 "abc" vector)', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('compares strings for equality, including different lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
