import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';
import { caseQueues, caseQueueShares, specialistAvailability } from './case-flow.schema.js';

export type QueueRow = typeof caseQueues.$inferSelect;
export type ShareRow = typeof caseQueueShares.$inferSelect;

/** States in which a case's turnaround clock runs (awaiting_information pauses it). */
export const CLOCK_RUNNING = ['submitted', 'assigned', 'in_review'] as const;
const RUNNING = sql.raw(`('${CLOCK_RUNNING.join("', '")}')`);
const OPEN = sql.raw(`('submitted', 'assigned', 'in_review', 'awaiting_information')`);

/** Whether the owning organization shares its queue of the specialty with the partner organization. */
export async function isQueueSharedWith(db: Db, organizationId: string, specialty: string, partnerId: string): Promise<boolean> {
  const rows = await db
    .select({ id: caseQueueShares.id })
    .from(caseQueueShares)
    .where(and(eq(caseQueueShares.organizationId, organizationId), eq(caseQueueShares.specialty, specialty), eq(caseQueueShares.partnerOrganizationId, partnerId), isNull(caseQueueShares.revokedAt)))
    .limit(1);
  return rows.length > 0;
}

/** The (organization, specialty) queues of other organizations shared with `partnerId`, among `specialties`. */
export async function listSharedQueues(db: Db, partnerId: string, specialties: string[]): Promise<{ organizationId: string; specialty: string }[]> {
  if (specialties.length === 0) return [];
  return queryRows(db, sql`
    SELECT DISTINCT organization_id AS "organizationId", specialty FROM case_queue_shares
    WHERE partner_organization_id = ${partnerId} AND revoked_at IS NULL AND specialty IN ${specialties}`);
}

export async function listShares(db: Db, organizationId: string): Promise<ShareRow[]> {
  return queryRows<ShareRow>(db, sql`
    SELECT id, organization_id AS "organizationId", specialty, partner_organization_id AS "partnerOrganizationId",
           created_by AS "createdBy", created_at AS "createdAt", revoked_at AS "revokedAt"
    FROM case_queue_shares WHERE organization_id = ${organizationId} OR partner_organization_id = ${organizationId}
    ORDER BY created_at, id`);
}

export async function insertShare(db: Db, row: typeof caseQueueShares.$inferInsert): Promise<void> {
  await db.insert(caseQueueShares).values(row);
}

/** Revokes an active share of the organization; false when there is none with that id. */
export async function revokeShare(db: Db, organizationId: string, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(caseQueueShares)
    .set({ revokedAt: at })
    .where(and(eq(caseQueueShares.id, id), eq(caseQueueShares.organizationId, organizationId), isNull(caseQueueShares.revokedAt)))
    .returning({ id: caseQueueShares.id });
  return rows.length === 1;
}

export async function organizationExists(db: Db, id: string): Promise<boolean> {
  return (await queryRows(db, sql`SELECT 1 FROM organizations WHERE id = ${id}`)).length > 0;
}

export async function listQueues(db: Db, organizationId: string): Promise<QueueRow[]> {
  return db.select().from(caseQueues).where(eq(caseQueues.organizationId, organizationId)).orderBy(asc(caseQueues.specialty));
}

export async function findQueue(db: Db, organizationId: string, specialty: string): Promise<QueueRow | null> {
  const [row] = await db.select().from(caseQueues).where(and(eq(caseQueues.organizationId, organizationId), eq(caseQueues.specialty, specialty)));
  return row ?? null;
}

export async function upsertQueue(db: Db, row: QueueRow): Promise<void> {
  await db
    .insert(caseQueues)
    .values(row)
    .onConflictDoUpdate({ target: [caseQueues.organizationId, caseQueues.specialty], set: { leadUserId: row.leadUserId, autoAssign: row.autoAssign, updatedAt: row.updatedAt } });
}

export async function setAvailability(db: Db, userId: string, available: boolean, at: Date): Promise<void> {
  await db
    .insert(specialistAvailability)
    .values({ userId, available, updatedAt: at })
    .onConflictDoUpdate({ target: specialistAvailability.userId, set: { available, updatedAt: at } });
}

export async function isAvailable(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ available: specialistAvailability.available }).from(specialistAvailability).where(eq(specialistAvailability.userId, userId));
  return row?.available ?? true;
}

/**
 * The least loaded available specialist of the specialty in the organization (open cases assigned to them,
 * of any specialty; ties by id), or null. Serialized per queue with a transaction-scoped advisory lock so two
 * submissions at once do not both pick the same "least loaded" colleague.
 */
export async function pickLeastLoaded(tx: Db, organizationId: string, specialty: string): Promise<string | null> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`case-queue:${organizationId}:${specialty}`}))`);
  const rows = await queryRows<{ id: string }>(tx, sql`
    SELECT u.id FROM users u
    LEFT JOIN specialist_availability a ON a.user_id = u.id
    WHERE u.organization_id = ${organizationId} AND NOT u.disabled AND coalesce(a.available, true)
      AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'specialist' AND ${specialty} = ANY (r.specialties))
    ORDER BY (SELECT count(*) FROM cases c WHERE c.assignee_id = u.id AND c.state IN ('assigned', 'in_review', 'awaiting_information')), u.id
    LIMIT 1`);
  return rows[0]?.id ?? null;
}

/** Whether the user is an active admin of the organization. */
export async function isAdminOf(db: Db, organizationId: string, userId: string): Promise<boolean> {
  const rows = await queryRows(db, sql`
    SELECT 1 FROM users u JOIN user_roles r ON r.user_id = u.id
    WHERE u.id = ${userId} AND u.organization_id = ${organizationId} AND NOT u.disabled AND r.role = 'admin'`);
  return rows.length > 0;
}

/** Active admins of the organization (escalations when a queue has no lead). */
export async function listAdmins(db: Db, organizationId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, sql`
    SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
    WHERE u.organization_id = ${organizationId} AND NOT u.disabled AND r.role = 'admin' ORDER BY u.id`);
  return rows.map((r) => r.id);
}

/** A case whose clock notice was just claimed by this sweep. */
export interface ClockCase {
  id: string;
  organizationId: string;
  specialty: string;
  referrerId: string;
  assigneeId: string | null;
}

const CLOCK_COLUMNS = sql`id, organization_id AS "organizationId", specialty, referrer_id AS "referrerId", assignee_id AS "assigneeId"`;

/**
 * Marks the breach notice of up to `limit` running cases past their deadline as sent, and returns them.
 * Rows another transaction holds are skipped (the next sweep takes them); a case is returned once, ever.
 * A breached case will not get a late warning.
 */
export async function claimBreaches(tx: Db, now: Date, limit: number): Promise<ClockCase[]> {
  return queryRows<ClockCase>(tx, sql`
    UPDATE cases SET breached_at = ${now}, warned_at = coalesce(warned_at, ${now})
    WHERE id IN (SELECT id FROM cases WHERE breached_at IS NULL AND state IN ${RUNNING} AND due_at <= ${now}
                 ORDER BY due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      AND breached_at IS NULL
    RETURNING ${CLOCK_COLUMNS}`);
}

/** Marks the 75 % warning of up to `limit` running cases past their warning time as sent, and returns them. */
export async function claimWarnings(tx: Db, now: Date, limit: number): Promise<ClockCase[]> {
  return queryRows<ClockCase>(tx, sql`
    UPDATE cases SET warned_at = ${now}
    WHERE id IN (SELECT id FROM cases WHERE warned_at IS NULL AND state IN ${RUNNING} AND warn_at <= ${now}
                 ORDER BY warn_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      AND warned_at IS NULL
    RETURNING ${CLOCK_COLUMNS}`);
}

export interface DashboardFigures {
  specialty: string;
  open: number;
  answered: number;
  median: number | null;
  p90: number | null;
  breaches: number;
}

/**
 * Turnaround figures per specialty of the organization: open cases now; of the cases submitted since
 * `since`, the answered ones with median and p90 minutes to answer (minus time awaiting information) and
 * those that breached their deadline. `specialties` null: every specialty.
 */
export async function dashboard(db: Db, organizationId: string, specialties: string[] | null, since: Date, now: Date): Promise<DashboardFigures[]> {
  const minutes = sql`((extract(epoch FROM answered_at - submitted_at) * 1000 - paused_ms) / 60000.0)::float8`;
  const answered = sql`answered_at IS NOT NULL AND submitted_at >= ${since}`;
  const rows = await queryRows<DashboardFigures>(db, sql`
    SELECT specialty,
      (count(*) FILTER (WHERE state IN ${OPEN}))::int AS open,
      (count(*) FILTER (WHERE ${answered}))::int AS answered,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutes}) FILTER (WHERE ${answered}) AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY ${minutes}) FILTER (WHERE ${answered}) AS p90,
      (count(*) FILTER (WHERE submitted_at >= ${since} AND (breached_at IS NOT NULL OR answered_at > due_at
                          OR (answered_at IS NULL AND state IN ${RUNNING} AND due_at < ${now}))))::int AS breaches
    FROM cases
    WHERE organization_id = ${organizationId} AND submitted_at IS NOT NULL
      ${specialties ? sql`AND specialty IN ${specialties}` : sql``}
      AND (submitted_at >= ${since} OR state IN ${OPEN})
    GROUP BY specialty ORDER BY specialty`);
  return rows.map((r) => ({ ...r, median: r.median === null ? null : Number(r.median), p90: r.p90 === null ? null : Number(r.p90) }));
}
