import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import { patientScopeWhere } from '../../platform/patient-scope-sql.js';
import type { PatientScope } from '../../platform/policy.js';
import { cases } from './cases.schema.js';

/**
 * The worklists (docs/cases.md "Worklists"): summary columns only (no clinical content) in keyset pages.
 * `key` is the sort timestamp as PostgreSQL's own text, so a cursor resumes exactly at microsecond precision.
 */
export interface SummaryRow {
  id: string;
  organizationId: string;
  siteId: string;
  patientId: string;
  referrerId: string;
  specialty: string;
  urgency: string;
  state: string;
  assigneeId: string | null;
  targetSpecialistId: string | null;
  submittedAt: Date | null;
  dueAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  key: string;
}

/** Where the previous page stopped: its last row's sort key and id. */
export interface PageKey {
  key: string;
  id: string;
}

const COLUMNS = sql.raw(`id, organization_id AS "organizationId", site_id AS "siteId", patient_id AS "patientId",
  referrer_id AS "referrerId", specialty, urgency, state, assignee_id AS "assigneeId",
  target_specialist_id AS "targetSpecialistId", submitted_at AS "submittedAt", due_at AS "dueAt",
  warned_at AS "warnedAt", breached_at AS "breachedAt", created_at AS "createdAt", updated_at AS "updatedAt"`);

const after = (k: PageKey | undefined, column: string, op: '>' | '<'): SQL =>
  k ? sql`AND (${sql.raw(column)} ${sql.raw(op)} ${k.key}::timestamptz OR (${sql.raw(column)} = ${k.key}::timestamptz AND id > ${k.id}::uuid))` : sql``;

async function summaries(db: Db, query: SQL): Promise<SummaryRow[]> {
  const rows = await queryRows<SummaryRow>(db, query);
  const ts = (v: Date | string | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({ ...r, submittedAt: ts(r.submittedAt), dueAt: ts(r.dueAt), warnedAt: ts(r.warnedAt), breachedAt: ts(r.breachedAt), createdAt: new Date(r.createdAt), updatedAt: new Date(r.updatedAt) }));
}

/**
 * The specialty queue: unclaimed submitted cases of the caller's organization in their specialties, and of
 * the queues other organizations share with it, earliest deadline first. One ordered walk of the partial
 * index cases_queue per (organization, specialty), each stopping at `limit`, merged.
 */
export async function listQueue(db: Db, organizationId: string, specialties: string[], limit: number, page?: PageKey): Promise<SummaryRow[]> {
  if (specialties.length === 0) return [];
  const key = after(page, 'due_at', '>');
  const branch = (where: SQL) => sql`(SELECT ${COLUMNS}, due_at::text AS key FROM cases WHERE state = 'submitted' AND ${where} ${key} ORDER BY due_at, id LIMIT ${limit})`;
  const own = specialties.map((s) => branch(sql`organization_id = ${organizationId} AND specialty = ${s}`));
  const shared = branch(sql`(organization_id, specialty) IN (SELECT organization_id, specialty FROM case_queue_shares
    WHERE partner_organization_id = ${organizationId} AND revoked_at IS NULL AND specialty IN ${specialties})`);
  return summaries(db, sql`SELECT * FROM (${sql.join([...own, shared], sql` UNION ALL `)}) q ORDER BY "dueAt", id LIMIT ${limit}`);
}

/** A specialist's own cases (optionally in one state), earliest deadline first. */
export async function listAssigned(db: Db, assigneeId: string, state: string | undefined, limit: number, page?: PageKey): Promise<SummaryRow[]> {
  return summaries(db, sql`SELECT ${COLUMNS}, due_at::text AS key FROM cases WHERE assignee_id = ${assigneeId}
    ${state ? sql`AND state = ${state}` : sql``} ${after(page, 'due_at', '>')} ORDER BY due_at, id LIMIT ${limit}`);
}

/** Cases referred from the scope's sites (or organization), most recently changed first. */
export async function listReferred(db: Db, scope: PatientScope, state: string | undefined, limit: number, page?: PageKey): Promise<SummaryRow[]> {
  if (scope.kind === 'self') return [];
  const where = patientScopeWhere(scope, { organizationId: cases.organizationId, siteId: cases.siteId, patientId: cases.patientId });
  return summaries(db, sql`SELECT ${COLUMNS}, updated_at::text AS key FROM cases WHERE ${where}
    ${state ? sql`AND state = ${state}` : sql``} ${after(page, 'updated_at', '<')} ORDER BY updated_at DESC, id LIMIT ${limit}`);
}

