import type { LoggerOptions } from 'pino';
import type { Config } from '../config.js';

/**
 * Paths that may carry PHI or secrets. Logs are object-first with constant messages (STYLE §8), so these
 * appear only if someone logs a body by mistake; redaction makes that mistake harmless.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.code',
  '*.givenName',
  '*.familyName',
  '*.name',
  '*.birthDate',
  '*.email',
  '*.phone',
  '*.mrn',
  '*.addressState',
  'body',
  '*.body',
];

export function loggerOptions(config: Config): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'telehealth' },
  };
}
