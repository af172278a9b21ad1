import { Algorithm, hash, verify } from '@node-rs/argon2';
import { AppError } from '../../platform/errors.js';

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password. With `storedHash` null (no such user) a dummy hash is still checked, so the
 * response time does not reveal which emails have accounts.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword('not-a-real-password-for-timing-only');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

/** Beyond the schema's length rule: refuse passwords that are the email or one repeated character. */
export function assertPasswordPolicy(password: string, email: string): void {
  const lower = password.toLowerCase();
  if (lower === email.toLowerCase() || lower.includes(email.toLowerCase().split('@')[0] ?? '\u0000')) {
    throw new AppError('PASSWORD_TOO_WEAK', 'The password must not contain the email address.');
  }
  if (new Set(password).size < 4) {
    throw new AppError('PASSWORD_TOO_WEAK', 'The password needs more variety of characters.');
  }
}
