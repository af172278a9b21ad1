import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-errors.js';
import { parseExpiry } from './expiry.js';

describe('parseExpiry', () => {
  it('reads Nd as N days from 1 to 365', () => {
    expect(parseExpiry('1d')).toBe(1);
    expect(parseExpiry('30d')).toBe(30);
    expect(parseExpiry('365d')).toBe(365);
  });

  it.each(['0d', '366d', '1000d', '30', 'd', '-1d', '1.5d', '2w', '30D', ''])(
    'rejects "%s" as a usage error',
    (text) => {
      expect(() => parseExpiry(text)).toThrow(UsageError);
    },
  );
});
