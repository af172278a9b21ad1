import { and, asc, desc, eq, gt, gte, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditOutcome } from '@telehealth/contracts/audit';
import { queryRows, type Db } from '../../platform/db.js';
import { auditEvent, auditHead } from '../../platform/db-schema.js';
import { GENESIS_HASH, hashRow, type AuditRowContent } from './audit-chain.js';

export type NewAuditRow = Omit<AuditRowContent, 'seq' | 'prevHash'>;
export type AuditRow = AuditRowContent & { hash: string };

export interface AuditFilter {
  organizationId?: string;
  userId?: string;
  patientId?: string;
  /** Exact action, or a prefix when it ends with `*` (`patient.*`). */
  action?: string;
  outcome?: AuditOutcome;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
}

const columns = {
  seq: auditEvent.seq,
  eventTime: auditEvent.eventTime,
  userId: auditEvent.userId,
  role: auditEvent.role,
  organizationId: auditEvent.organizationId,
  patientId: auditEvent.patientId,
  action: auditEvent.action,
  resourceType: auditEvent.resourceType,
  resourceId: auditEvent.resourceId,
  outcome: auditEvent.outcome,
  sourceIp: auditEvent.sourceIp,
  userAgent: auditEvent.userAgent,
  requestId: auditEvent.requestId,
  detail: auditEvent.detail,
  prevHash: auditEvent.prevHash,
  hash: auditEvent.hash,
};

function where(f: AuditFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.organizationId) conds.push(eq(auditEvent.organizationId, f.organizationId));
  if (f.userId) conds.push(eq(auditEvent.userId, f.userId));
  if (f.patientId) conds.push(eq(auditEvent.patientId, f.patientId));
  if (f.action) {
    conds.push(
      // `_` and `%` are LIKE wildcards: a prefix matches literally.
      f.action.endsWith('*') ? like(auditEvent.action, `${f.action.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`) : eq(auditEvent.action, f.action),
    );
  }
  if (f.outcome) conds.push(eq(auditEvent.outcome, f.outcome));
  if (f.from) conds.push(gte(auditEvent.eventTime, f.from));
  if (f.to) conds.push(lte(auditEvent.eventTime, f.to));
  if (f.beforeSeq) conds.push(lt(auditEvent.seq, f.beforeSeq));
  return conds.length ? and(...conds) : undefined;
}

export interface ChainHead {
  seq: number;
  hash: string;
}

/** The head of an empty chain. */
export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

/**
 * Links and hashes `rows` after `expected`, then writes them and moves the head in one statement, only if the
 * head is still `expected`: the head row's lock serialises writers across processes (under READ COMMITTED a
 * waiting writer re-checks the condition against the committed head), and the rows go in only when the head
 * moved. One round trip, no explicit transaction.
 * @returns the new head, or null when another writer moved the head first (re-read it and try again).
 */
export async function appendAfter(db: Db, expected: ChainHead, rows: NewAuditRow[]): Promise<ChainHead | null> {
  let seq = expected.seq;
  let prevHash = expected.hash;
  const values = rows.map((r) => {
    seq += 1;
    const content: AuditRowContent = { ...r, seq, prevHash };
    const hash = hashRow(content);
    prevHash = hash;
    return {
      seq, event_time: r.eventTime.toISOString(), user_id: r.userId, role: r.role, organization_id: r.organizationId,
      patient_id: r.patientId, action: r.action, resource_type: r.resourceType, resource_id: r.resourceId,
      outcome: r.outcome, source_ip: r.sourceIp, user_agent: r.userAgent, request_id: r.requestId, detail: r.detail,
      prev_hash: content.prevHash, hash,
    };
  });
  if (values.length === 0) return expected;
  // The first row of an empty chain creates the head; otherwise the head moves only from `expected`.
  const inserted = await queryRows<{ seq: string }>(
    db,
    sql`WITH moved AS (
      INSERT INTO audit_head (id, seq, hash) VALUES (1, ${seq}, ${prevHash})
      ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash
        WHERE audit_head.seq = ${expected.seq} AND audit_head.hash = ${expected.hash}
      RETURNING 1
    )
    INSERT INTO audit_event (seq, event_time, user_id, role, organization_id, patient_id, action, resource_type,
      resource_id, outcome, source_ip, user_agent, request_id, detail, prev_hash, hash)
    SELECT r.seq, r.event_time, r.user_id, r.role, r.organization_id, r.patient_id, r.action, r.resource_type,
      r.resource_id, r.outcome, r.source_ip, r.user_agent, r.request_id, r.detail, r.prev_hash, r.hash
    FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb) AS r(seq bigint, event_time timestamptz, user_id uuid,
      role text, organization_id uuid, patient_id uuid, action text, resource_type text, resource_id text,
      outcome text, source_ip text, user_agent text, request_id text, detail jsonb, prev_hash text, hash text)
    WHERE EXISTS (SELECT 1 FROM moved)
    ORDER BY r.seq
    RETURNING seq`,
  );
  if (inserted.length === 0) return null;
  return { seq, hash: prevHash };
}

/** Newest first, for the admin report. */
export async function listNewestFirst(db: Db, filter: AuditFilter, limit: number): Promise<AuditRow[]> {
  return db.select(columns).from(auditEvent).where(where(filter)).orderBy(desc(auditEvent.seq)).limit(limit);
}

/** Oldest first, `afterSeq` exclusive: for verification and export in bounded batches. */
export async function listAscending(db: Db, filter: AuditFilter, afterSeq: number, limit: number): Promise<AuditRow[]> {
  const base = where(filter);
  const after = gt(auditEvent.seq, afterSeq);
  return db
    .select(columns)
    .from(auditEvent)
    .where(base ? and(base, after) : after)
    .orderBy(asc(auditEvent.seq))
    .limit(limit);
}

export async function findHead(db: Db): Promise<ChainHead | null> {
  const [head] = await db.select({ seq: auditHead.seq, hash: auditHead.hash }).from(auditHead).where(eq(auditHead.id, 1));
  return head ?? null;
}
