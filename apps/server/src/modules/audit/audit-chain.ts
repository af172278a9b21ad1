import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** The audited content of one row; `hash` covers all of it plus `prevHash`. */
export interface AuditRowContent {
  seq: number;
  eventTime: Date;
  userId: string | null;
  role: string | null;
  organizationId: string | null;
  patientId: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  outcome: string;
  sourceIp: string | null;
  userAgent: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
}

/** JSON with object keys sorted at every depth: jsonb does not keep key order, the hash must not care. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 over the canonical form of a row's content, chained to the previous row by `prevHash`. */
export function hashRow(row: AuditRowContent): string {
  const material = canonicalJson([
    row.seq,
    row.eventTime.toISOString(),
    row.userId,
    row.role,
    row.organizationId,
    row.patientId,
    row.action,
    row.resourceType,
    row.resourceId,
    row.outcome,
    row.sourceIp,
    row.userAgent,
    row.requestId,
    row.detail,
    row.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

export type ChainProblem =
  | { kind: 'missing'; seq: number; detail: string }
  | { kind: 'altered'; seq: number; detail: string }
  | { kind: 'broken_link'; seq: number; detail: string }
  | { kind: 'head_mismatch'; seq: number; detail: string };

/**
 * Incremental verifier: feed rows in `seq` order; the first problem found is kept.
 * Detects altered content (hash), deleted rows (gap in seq or broken prev link), re-ordered rows
 * (seq is inside the hash) and, with `finish(head)`, deletion of the newest rows.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  problem: ChainProblem | null = null;
  count = 0;

  push(row: AuditRowContent & { hash: string }): boolean {
    if (this.problem) return false;
    this.count++;
    if (row.seq !== this.expectedSeq) {
      this.problem = {
        kind: 'missing',
        seq: this.expectedSeq,
        detail: `row ${this.expectedSeq} is missing (next row present is ${row.seq})`,
      };
      return false;
    }
    if (row.prevHash !== this.prevHash) {
      this.problem = { kind: 'broken_link', seq: row.seq, detail: `row ${row.seq} does not link to row ${row.seq - 1}` };
      return false;
    }
    if (hashRow(row) !== row.hash) {
      this.problem = { kind: 'altered', seq: row.seq, detail: `row ${row.seq} was altered (hash mismatch)` };
      return false;
    }
    this.prevHash = row.hash;
    this.expectedSeq = row.seq + 1;
    return true;
  }

  finish(head: { seq: number; hash: string } | null): ChainProblem | null {
    if (this.problem) return this.problem;
    const lastSeq = this.expectedSeq - 1;
    if (head && (head.seq !== lastSeq || head.hash !== this.prevHash)) {
      this.problem = {
        kind: 'head_mismatch',
        seq: Math.min(head.seq, lastSeq + 1),
        detail: `the chain ends at row ${lastSeq} but the recorded head is row ${head.seq}: rows were deleted or altered`,
      };
    }
    if (!head && lastSeq > 0) {
      this.problem = { kind: 'head_mismatch', seq: 1, detail: 'the recorded chain head is missing' };
    }
    return this.problem;
  }
}
