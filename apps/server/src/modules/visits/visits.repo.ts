import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { VisitStatus } from '@telehealth/contracts/visits';
import type { Db } from '../../platform/db.js';
import type { PatientScope } from '../../platform/policy.js';
import { patientScopeWhere } from '../../platform/patient-scope-sql.js';
import { alias } from 'drizzle-orm/pg-core';
import { visitChat, visitEvents, visitNotes, visitParticipants, visits } from './visits.tables.js';

export type VisitRow = typeof visits.$inferSelect;
export type ParticipantRow = typeof visitParticipants.$inferSelect;
export type EventRow = typeof visitEvents.$inferSelect;
export type NewEvent = Omit<typeof visitEvents.$inferInsert, 'id'>;

function scopeFilter(scope: PatientScope): SQL {
  return patientScopeWhere(scope, { organizationId: visits.organizationId, siteId: visits.siteId, patientId: visits.patientId });
}

export async function insertVisit(db: Db, row: typeof visits.$inferInsert): Promise<void> {
  await db.insert(visits).values(row);
}

export async function findVisit(db: Db, id: string): Promise<VisitRow | null> {
  const [row] = await db.select().from(visits).where(eq(visits.id, id));
  return row ?? null;
}

/** A site's visits starting in [from, to), plus on-demand visits created in it, within the caller's scope. */
export async function listSiteDay(db: Db, scope: PatientScope, siteId: string, from: Date, to: Date): Promise<VisitRow[]> {
  return db
    .select()
    .from(visits)
    .where(
      and(
        scopeFilter(scope),
        eq(visits.siteId, siteId),
        or(
          and(gte(visits.scheduledStart, from), lt(visits.scheduledStart, to)),
          and(isNull(visits.scheduledStart), gte(visits.createdAt, from), lt(visits.createdAt, to)),
        ),
      ),
    )
    .orderBy(sql`coalesce(${visits.scheduledStart}, ${visits.createdAt})`, asc(visits.id));
}

/** Compare-and-set: changes the visit only if it is still in `from`. Returns false when it was not. */
export async function updateVisitIf(db: Db, id: string, from: VisitStatus, patch: Partial<Omit<VisitRow, 'id'>>): Promise<boolean> {
  const rows = await db
    .update(visits)
    .set(patch)
    .where(and(eq(visits.id, id), eq(visits.status, from)))
    .returning({ id: visits.id });
  return rows.length > 0;
}

export async function insertParticipant(db: Db, row: typeof visitParticipants.$inferInsert): Promise<void> {
  await db.insert(visitParticipants).values(row);
}

export async function findParticipant(db: Db, id: string): Promise<ParticipantRow | null> {
  const [row] = await db.select().from(visitParticipants).where(eq(visitParticipants.id, id));
  return row ?? null;
}

export async function findParticipantByTokenHash(db: Db, tokenHash: string): Promise<ParticipantRow | null> {
  const [row] = await db.select().from(visitParticipants).where(eq(visitParticipants.tokenHash, tokenHash));
  return row ?? null;
}

export async function findParticipantByUser(db: Db, visitId: string, userId: string): Promise<ParticipantRow | null> {
  const [row] = await db
    .select()
    .from(visitParticipants)
    .where(and(eq(visitParticipants.visitId, visitId), eq(visitParticipants.userId, userId)));
  return row ?? null;
}

/** The host first (a host created with the visit and a guest invited the same instant are not a tie), then by invitation. */
export async function listParticipants(db: Db, visitId: string): Promise<ParticipantRow[]> {
  return db
    .select()
    .from(visitParticipants)
    .where(eq(visitParticipants.visitId, visitId))
    .orderBy(asc(sql`${visitParticipants.kind} <> 'host'`), asc(visitParticipants.invitedAt), asc(visitParticipants.id));
}

export async function updateParticipant(db: Db, id: string, patch: Partial<Omit<ParticipantRow, 'id' | 'visitId'>>): Promise<void> {
  await db.update(visitParticipants).set(patch).where(eq(visitParticipants.id, id));
}

/** Revokes every live invitation of one kind in a visit (a new patient link replaces the old one). */
export async function revokeLiveOfKind(db: Db, visitId: string, kind: string, at: Date): Promise<string[]> {
  const rows = await db
    .update(visitParticipants)
    .set({ revokedAt: at })
    .where(and(eq(visitParticipants.visitId, visitId), eq(visitParticipants.kind, kind), isNull(visitParticipants.revokedAt)))
    .returning({ id: visitParticipants.id });
  return rows.map((r) => r.id);
}

/**
 * The visit's places still open (not revoked, not removed), host included, excluding `exceptKind` (a new patient
 * link replaces the old one). Locks the visit row first, so two invitations at once are counted one after the other.
 */
export async function countOpenPlacesLocked(tx: Db, visitId: string, exceptKind: string | null): Promise<number> {
  await tx.select({ id: visits.id }).from(visits).where(eq(visits.id, visitId)).for('update');
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(visitParticipants)
    .where(
      and(
        eq(visitParticipants.visitId, visitId),
        isNull(visitParticipants.revokedAt),
        isNull(visitParticipants.removedAt),
        exceptKind ? sql`${visitParticipants.kind} <> ${exceptKind}` : undefined,
      ),
    );
  return row?.n ?? 0;
}

export async function insertEvent(db: Db, row: NewEvent): Promise<void> {
  await db.insert(visitEvents).values(row);
}

export async function listEvents(db: Db, visitId: string): Promise<EventRow[]> {
  return db.select().from(visitEvents).where(eq(visitEvents.visitId, visitId)).orderBy(asc(visitEvents.id));
}

export async function insertChat(db: Db, row: Omit<typeof visitChat.$inferInsert, 'id'>): Promise<number> {
  const [r] = await db.insert(visitChat).values(row).returning({ id: visitChat.id });
  return r?.id ?? 0;
}

export async function listChat(db: Db, visitId: string): Promise<(typeof visitChat.$inferSelect)[]> {
  return db.select().from(visitChat).where(eq(visitChat.visitId, visitId)).orderBy(asc(visitChat.id));
}

/** The newest visit of this patient, host and reason that is not over (the demo seed reuses it). */
export async function findOpenVisit(db: Db, patientId: string, hostUserId: string, reason: string): Promise<VisitRow | null> {
  const [row] = await db
    .select()
    .from(visits)
    .where(
      and(
        eq(visits.patientId, patientId),
        eq(visits.hostUserId, hostUserId),
        eq(visits.reason, reason),
        inArray(visits.status, ['scheduled', 'waiting', 'in_progress', 'reconnecting']),
      ),
    )
    .orderBy(sql`${visits.createdAt} DESC`)
    .limit(1);
  return row ?? null;
}

/** Ended visits of an organization (the billing queue creates an encounter for each). */
export async function listEndedInOrganization(db: Db, organizationId: string, endedSince: Date | null): Promise<{ id: string; endedAt: Date | null }[]> {
  return db
    .select({ id: visits.id, endedAt: visits.endedAt })
    .from(visits)
    .where(and(eq(visits.organizationId, organizationId), eq(visits.status, 'ended'), endedSince ? gte(visits.endedAt, endedSince) : undefined))
    .orderBy(asc(visits.endedAt), asc(visits.id));
}

/** A patient's visits that started in [from, to) (follow-up and look-back rules of billing). */
export async function listPatientVisitsStarted(db: Db, patientId: string, from: Date, to: Date): Promise<VisitRow[]> {
  return db
    .select()
    .from(visits)
    .where(and(eq(visits.patientId, patientId), gte(visits.startedAt, from), lt(visits.startedAt, to)))
    .orderBy(asc(visits.startedAt), asc(visits.id));
}

/** The newest ended visit of this patient, host and reason (the demo seed finds its completed visit). */
export async function findEndedVisit(db: Db, patientId: string, hostUserId: string, reason: string): Promise<VisitRow | null> {
  const [row] = await db
    .select()
    .from(visits)
    .where(and(eq(visits.patientId, patientId), eq(visits.hostUserId, hostUserId), eq(visits.reason, reason), eq(visits.status, 'ended')))
    .orderBy(sql`${visits.endedAt} DESC`)
    .limit(1);
  return row ?? null;
}

/** Visits in one state (the reconnection grace sweep reads `reconnecting`), oldest first, at most `limit`. */
export async function listVisitsInStatus(db: Db, status: VisitStatus, limit: number): Promise<VisitRow[]> {
  return db.select().from(visits).where(eq(visits.status, status)).orderBy(asc(visits.id)).limit(limit);
}

/** Scheduled visits starting in (now, now + lead] whose reminder has not gone out yet. */
export async function listRemindersDue(db: Db, now: Date, until: Date, limit: number): Promise<VisitRow[]> {
  return db
    .select()
    .from(visits)
    .where(and(eq(visits.status, 'scheduled'), isNull(visits.reminderSentAt), isNotNull(visits.scheduledStart), gte(visits.scheduledStart, now), lte(visits.scheduledStart, until)))
    .orderBy(asc(visits.scheduledStart), asc(visits.id))
    .limit(limit);
}

/** Claims a visit's reminder (compare-and-set on a null `reminder_sent_at`); false when another poller had it. */
export async function claimReminder(db: Db, id: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(visits)
    .set({ reminderSentAt: at })
    .where(and(eq(visits.id, id), isNull(visits.reminderSentAt)))
    .returning({ id: visits.id });
  return rows.length > 0;
}

/** Live patient invitations of a visit (not revoked, not removed): whom a reminder goes to. */
export async function listLivePatientInvitations(db: Db, visitId: string): Promise<ParticipantRow[]> {
  return db
    .select()
    .from(visitParticipants)
    .where(and(eq(visitParticipants.visitId, visitId), eq(visitParticipants.kind, 'patient'), isNull(visitParticipants.revokedAt), isNull(visitParticipants.removedAt)));
}

export async function insertNote(db: Db, row: Omit<typeof visitNotes.$inferInsert, 'id'>): Promise<number> {
  const [r] = await db.insert(visitNotes).values(row).returning({ id: visitNotes.id });
  return r?.id ?? 0;
}

export async function listNotes(db: Db, visitId: string): Promise<(typeof visitNotes.$inferSelect)[]> {
  return db.select().from(visitNotes).where(eq(visitNotes.visitId, visitId)).orderBy(asc(visitNotes.id));
}

export interface InvitedVisitRow {
  participantId: string;
  visitId: string;
  invitedAt: Date;
  cohostAt: Date | null;
  siteId: string;
  patientId: string;
  status: string;
  scheduledStart: Date | null;
  hostName: string;
}

const host = alias(visitParticipants, 'host');

/** Visits not yet over in which this user holds a live (not revoked, not removed) invitation by account. */
export async function listInvitedVisits(db: Db, organizationId: string, userId: string): Promise<InvitedVisitRow[]> {
  return db
    .select({
      participantId: visitParticipants.id,
      visitId: visits.id,
      invitedAt: visitParticipants.invitedAt,
      cohostAt: visitParticipants.cohostAt,
      siteId: visits.siteId,
      patientId: visits.patientId,
      status: visits.status,
      scheduledStart: visits.scheduledStart,
      hostName: host.displayName,
    })
    .from(visitParticipants)
    .innerJoin(visits, eq(visits.id, visitParticipants.visitId))
    .innerJoin(host, and(eq(host.visitId, visits.id), eq(host.kind, 'host')))
    .where(
      and(
        eq(visitParticipants.userId, userId),
        eq(visitParticipants.kind, 'clinician'),
        isNull(visitParticipants.revokedAt),
        isNull(visitParticipants.removedAt),
        eq(visits.organizationId, organizationId),
        inArray(visits.status, ['scheduled', 'waiting', 'in_progress', 'reconnecting']),
      ),
    )
    .orderBy(sql`coalesce(${visits.scheduledStart}, ${visits.createdAt})`, asc(visits.id));
}
