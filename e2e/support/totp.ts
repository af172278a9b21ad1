import { createHmac } from 'node:crypto';

/**
 * Time-based one-time passwords for the e2e tests, so a test can complete MFA like a person with an
 * authenticator app: RFC 6238 TOTP (HMAC-SHA1, 30-second step, T0 = 0, 6 digits) on top of RFC 4226 HOTP,
 * with the shared secret in RFC 4648 base32 as authenticator apps take it.
 */

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Decodes RFC 4648 §6 base32 (case-insensitive; spaces, dashes and `=` padding ignored).
 * @param text - the secret as shown to the user
 */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char);
    if (value < 0) throw new Error(`not a base32 character: ${char}`);
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/**
 * RFC 4226 §5.3 HOTP: HMAC-SHA1 over the 8-byte big-endian counter, dynamic truncation, modulo 10^digits.
 * @param key - the shared secret bytes
 * @param counter - the moving factor
 * @param digits - code length (6 by default)
 */
export function hotp(key: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 §4: the time step number, T = floor((now - T0) / X) with T0 = 0 and X = 30 s. */
export function totpStep(timeMs = Date.now(), stepSeconds = 30): number {
  return Math.floor(timeMs / 1000 / stepSeconds);
}

/**
 * RFC 6238 TOTP code for a base32 secret.
 * @param secret - base32 secret from the enrolment page
 * @param timeMs - the time to compute the code for (now by default)
 */
export function totp(secret: string, timeMs = Date.now()): string {
  return hotp(base32Decode(secret), totpStep(timeMs));
}

/**
 * Waits until the TOTP step is later than `usedStep`, so a new code is not refused as a replay of one
 * already used (RFC 6238 §5.2: a verifier must not accept the same OTP twice).
 */
export async function waitForStepAfter(usedStep: number): Promise<void> {
  while (totpStep() <= usedStep) {
    const msToNext = 30_000 - (Date.now() % 30_000) + 50;
    await new Promise((resolve) => setTimeout(resolve, msToNext));
  }
}
