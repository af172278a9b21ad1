import { and, eq, isNull, sql } from 'drizzle-orm';
import type { RoleAssignment, SessionStage } from '@telehealth/contracts/identity';
import { queryRows, type Db } from '../../platform/db.js';
import { apiTokens, sessions } from '../../platform/db-schema.js';

/** What authentication needs about a credential and its user, read in one round trip (hot path). */
export interface CredentialContext {
  id: string;
  userId: string;
  organizationId: string;
  patientId: string | null;
  disabled: boolean;
  roles: RoleAssignment[];
  stage: SessionStage;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

const ROLES_JSON = sql.raw(`COALESCE((SELECT json_agg(json_build_object('role', r.role, 'siteId', r.site_id,
  'specialties', r.specialties, 'languages', r.languages) ORDER BY r.position)
  FROM user_roles r WHERE r.user_id = u.id), '[]'::json)`);

export async function findSessionContext(db: Db, id: string): Promise<CredentialContext | null> {
  const rows = await queryRows<CredentialContext>(
    db,
    sql`SELECT s.id, s.user_id AS "userId", u.organization_id AS "organizationId", u.patient_id AS "patientId",
          u.disabled, ${ROLES_JSON} AS roles, s.stage, s.csrf_token AS "csrfToken",
          s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt", s.revoked_at AS "revokedAt"
        FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ${id}`,
  );
  return rows[0] ? normalise(rows[0]) : null;
}

export async function findTokenContext(db: Db, tokenHash: string): Promise<(CredentialContext & { lastUsedAt: Date | null }) | null> {
  const rows = await queryRows<CredentialContext & { lastUsedAt: Date | null }>(
    db,
    sql`SELECT t.id, t.user_id AS "userId", u.organization_id AS "organizationId", u.patient_id AS "patientId",
          u.disabled, ${ROLES_JSON} AS roles, 'authenticated' AS stage, '' AS "csrfToken",
          t.created_at AS "lastSeenAt", t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt",
          t.last_used_at AS "lastUsedAt"
        FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ${tokenHash}`,
  );
  const row = rows[0];
  return row ? { ...normalise(row), lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt) : null } : null;
}

// Raw rows: timestamps may arrive as Date or string depending on the driver.
function normalise<T extends CredentialContext>(row: T): T {
  return {
    ...row,
    lastSeenAt: new Date(row.lastSeenAt),
    expiresAt: new Date(row.expiresAt),
    revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
  };
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function touchSession(db: Db, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function revokeSession(db: Db, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

/** Ends every live session of a user (disable, password change); returns how many were ended. */
export async function revokeUserSessions(db: Db, userId: string, at: Date): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

export async function touchToken(db: Db, id: string, at: Date): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));
}
