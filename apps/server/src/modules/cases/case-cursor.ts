import { AppError } from '../../platform/errors.js';
import type { PageKey } from './case-worklist.repo.js';

/**
 * Worklist cursors: the last row's sort key and id, base64url-encoded. Not secret (a timestamp and an opaque
 * case id) and not a grant: a page is always filtered by the caller's own scope, so a forged cursor can only
 * move where a page of what the caller may see starts. Anything malformed is a 400.
 */
export function makeCursor(row: PageKey): string {
  return Buffer.from(JSON.stringify([row.key, row.id])).toString('base64url');
}

const KEY = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function openCursor(cursor: string): PageKey {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && KEY.test(v[0]) && ID.test(v[1])) return { key: v[0], id: v[1] };
  } catch {
    // fall through: not base64url JSON
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not valid.', { errors: [{ path: '/cursor', message: 'invalid cursor' }] });
}
