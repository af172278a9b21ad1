import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totp, totpStep, TOTP_STEP_MS } from './totp.js';

// RFC 6238 Appendix B, SHA-1 rows: the 8-digit reference values, of which a 6-digit code is the last six digits.
const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');
const RFC_VECTORS: [seconds: number, eightDigits: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238) with SHA-1', () => {
  it.each(RFC_VECTORS)('matches the RFC 6238 Appendix B value at T=%i', (seconds, eight) => {
    const six = eight.slice(-6);
    expect(hotp(RFC_SECRET, Math.floor(seconds / 30))).toBe(six);
    expect(totp(base32Encode(RFC_SECRET), seconds * 1000)).toBe(six);
  });

  it('keeps leading zeros so every code has six digits', () => {
    expect(totp(base32Encode(RFC_SECRET), 1234567890 * 1000)).toBe('005924');
    expect(totp(base32Encode(RFC_SECRET), 1111111109 * 1000)).toBe('081804');
  });

  it('matches RFC 4226 Appendix D HOTP values for counters 0 to 9', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, c) => hotp(RFC_SECRET, c))).toEqual(expected);
  });

  it('uses 30-second steps from the Unix epoch', () => {
    expect(TOTP_STEP_MS).toBe(30_000);
    expect(totpStep(0)).toBe(0);
    expect(totpStep(29_999)).toBe(0);
    expect(totpStep(30_000)).toBe(1);
    const secret = base32Encode(RFC_SECRET);
    expect(totp(secret, 60_000)).toBe(totp(secret, 89_999));
    expect(totp(secret, 60_000)).not.toBe(totp(secret, 90_000));
  });
});

describe('matchTotp window', () => {
  const secret = base32Encode(RFC_SECRET);
  const now = 1_111_111_111_000;
  const step = totpStep(now);

  it('accepts the current step and one step of drift either way, returning the matched step', () => {
    expect(matchTotp(secret, totp(secret, now), now)).toBe(step);
    expect(matchTotp(secret, totp(secret, now - TOTP_STEP_MS), now)).toBe(step - 1);
    expect(matchTotp(secret, totp(secret, now + TOTP_STEP_MS), now)).toBe(step + 1);
  });

  it('refuses codes two or more steps away', () => {
    for (const d of [-3, -2, 2, 3]) {
      const code = totp(secret, now + d * TOTP_STEP_MS);
      // A code of a far step could collide with one inside the window by chance; these vectors do not.
      expect(matchTotp(secret, code, now)).toBeNull();
    }
  });

  it('refuses a code made with another secret and malformed codes', () => {
    const other = newTotpSecret();
    expect(matchTotp(secret, totp(other, now), now)).toBeNull();
    expect(matchTotp(secret, '', now)).toBeNull();
    expect(matchTotp(secret, `${totp(secret, now)}0`, now)).toBeNull();
  });

  it('with window 0 accepts only the current step', () => {
    expect(matchTotp(secret, totp(secret, now), now, 0)).toBe(step);
    expect(matchTotp(secret, totp(secret, now - TOTP_STEP_MS), now, 0)).toBeNull();
  });
});

describe('base32 (RFC 4648 §6)', () => {
  // RFC 4648 §10 test vectors, without padding (as otpauth secrets are written).
  const vectors: [string, string][] = [
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ];

  it.each(vectors)('encodes %j as %j and decodes it back', (plain, encoded) => {
    expect(base32Encode(Buffer.from(plain))).toBe(encoded);
    expect(base32Decode(encoded).toString()).toBe(plain);
  });

  it('decodes padded, lower-case and spaced input as authenticator apps show it', () => {
    expect(base32Decode('MZXW6YQ=').toString()).toBe('foob');
    expect(base32Decode('mzxw6ytboi').toString()).toBe('foobar');
    expect(base32Decode('MZXW 6YTB OI').toString()).toBe('foobar');
  });

  it('round-trips random byte strings of every length from 0 to 64', () => {
    for (let n = 0; n <= 64; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
      expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
    }
  });

  it('rejects characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow(/base32/);
    expect(() => base32Decode('MZ-W6')).toThrow(/base32/);
  });
});

describe('secrets and provisioning URI', () => {
  it('creates distinct 160-bit secrets', () => {
    const a = newTotpSecret();
    const b = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(a)).toHaveLength(20);
    expect(a).not.toBe(b);
  });

  it('writes an otpauth URI with an escaped label and the algorithm parameters', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'ana+mfa@example.test', 'Tele Health');
    expect(uri).toBe(
      'otpauth://totp/Tele%20Health%3Aana%2Bmfa%40example.test?secret=JBSWY3DPEHPK3PXP&issuer=Tele%20Health&algorithm=SHA1&digits=6&period=30',
    );
  });
});
