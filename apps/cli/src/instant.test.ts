import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-errors.js';
import { parseInstant } from './instant.js';

describe('parseInstant', () => {
  it('reads a bare date as the start of the UTC day, or its end for --to', () => {
    expect(parseInstant('2026-01-31', '--from').toISOString()).toBe('2026-01-31T00:00:00.000Z');
    expect(parseInstant('2026-01-31', '--to', true).toISOString()).toBe('2026-01-31T23:59:59.999Z');
  });

  it('reads a date-time with Z or an offset', () => {
    expect(parseInstant('2026-01-31T08:00:00Z', '--from').toISOString()).toBe('2026-01-31T08:00:00.000Z');
    expect(parseInstant('2026-01-31T08:00-07:00', '--from').toISOString()).toBe('2026-01-31T15:00:00.000Z');
  });

  it.each(['yesterday', '2026-02-30', '2026-1-5', '2026-01-31T08:00:00', '31/01/2026'])(
    'rejects "%s"',
    (text) => {
      expect(() => parseInstant(text, '--from')).toThrow(UsageError);
    },
  );
});
