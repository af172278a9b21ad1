import { describe, expect, it } from 'vitest';
import { findByIdOrName } from './lookup.js';

const sites = [
  { id: '11111111-1111-4111-8111-111111111111', name: 'Valley Clinic' },
  { id: '22222222-2222-4222-8222-222222222222', name: 'valley clinic' },
  { id: '33333333-3333-4333-8333-333333333333', name: 'Hill Hospital' },
];

describe('findByIdOrName', () => {
  it('finds by id and by exact name', () => {
    expect(findByIdOrName(sites, '33333333-3333-4333-8333-333333333333')?.name).toBe('Hill Hospital');
    expect(findByIdOrName(sites, 'valley clinic')?.id).toBe(sites[1]?.id);
  });

  it('falls back to a case-insensitive name only when it is unambiguous', () => {
    expect(findByIdOrName(sites, 'HILL HOSPITAL')?.name).toBe('Hill Hospital');
    expect(findByIdOrName(sites, 'VALLEY CLINIC')).toBeNull();
    expect(findByIdOrName(sites, 'Nowhere')).toBeNull();
  });
});
