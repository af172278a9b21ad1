import { and, asc, desc, eq, gt, gte, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditOutcome } from '@telehealth/contracts/audit';
import type { Db } from '../../platform/db.js';
import { auditEvent, auditHead } from '../../platform/db-schema.js';
import { GENESIS_HASH, hashRow, type AuditRowContent } from './audit-chain.js';

export type NewAuditRow = Omit<AuditRowContent, 'seq' | 'prevHash'>;
export type AuditRow = AuditRowContent & { hash: string };

// Serialises writers across processes (several app servers on one PostgreSQL): the chain has one head.
const AUDIT_LOCK_KEY = 7_361_204_512;

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

/**
 * Appends rows to the chain in one transaction: takes the writer lock, reads the head, assigns
 * consecutive seq numbers, links and hashes each row, and moves the head.
 */
export async function appendBatch(db: Db, rows: NewAuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [head] = await tx.select({ seq: auditHead.seq, hash: auditHead.hash }).from(auditHead).where(eq(auditHead.id, 1));
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const values = rows.map((r) => {
      seq += 1;
      const content: AuditRowContent = { ...r, seq, prevHash };
      const hash = hashRow(content);
      prevHash = hash;
      return { ...content, hash };
    });
    await tx.insert(auditEvent).values(values);
    await tx
      .insert(auditHead)
      .values({ id: 1, seq, hash: prevHash })
      .onConflictDoUpdate({ target: auditHead.id, set: { seq, hash: prevHash } });
  });
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

export async function findHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const [head] = await db.select({ seq: auditHead.seq, hash: auditHead.hash }).from(auditHead).where(eq(auditHead.id, 1));
  return head ?? null;
}
