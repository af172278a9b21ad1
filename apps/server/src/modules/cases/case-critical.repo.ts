import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../platform/db.js';

/** A critical result as stored (case_critical_results, migration 0010), with the names of who flagged and acknowledged. */
export interface CriticalRow {
  caseId: string;
  reportVersion: number;
  finding: string;
  flaggedBy: string;
  flaggedByName: string;
  flaggedAt: Date;
  ackDueAt: Date;
  acknowledgedBy: string | null;
  acknowledgedByName: string | null;
  acknowledgedAt: Date | null;
  escalatedAt: Date | null;
}

export async function insert(
  tx: Db,
  row: { caseId: string; reportVersion: number; finding: string; flaggedBy: string; flaggedAt: Date; ackDueAt: Date },
): Promise<void> {
  await tx.execute(sql`
    INSERT INTO case_critical_results (case_id, report_version, finding, flagged_by, flagged_at, ack_due_at)
    VALUES (${row.caseId}, ${row.reportVersion}, ${row.finding}, ${row.flaggedBy}, ${row.flaggedAt}, ${row.ackDueAt})`);
}

/** The case's critical results, oldest report version first. */
export async function listForCase(db: Db, caseId: string): Promise<CriticalRow[]> {
  const rows = await queryRows<CriticalRow>(db, sql`
    SELECT c.case_id AS "caseId", c.report_version AS "reportVersion", c.finding, c.flagged_by AS "flaggedBy",
           f.name AS "flaggedByName", c.flagged_at AS "flaggedAt", c.ack_due_at AS "ackDueAt",
           c.acknowledged_by AS "acknowledgedBy", a.name AS "acknowledgedByName", c.acknowledged_at AS "acknowledgedAt",
           c.escalated_at AS "escalatedAt"
    FROM case_critical_results c
    JOIN users f ON f.id = c.flagged_by
    LEFT JOIN users a ON a.id = c.acknowledged_by
    WHERE c.case_id = ${caseId} ORDER BY c.report_version`);
  const at = (d: Date | string | null) => (d === null ? null : new Date(d));
  return rows.map((r) => ({ ...r, flaggedAt: at(r.flaggedAt)!, ackDueAt: at(r.ackDueAt)!, acknowledgedAt: at(r.acknowledgedAt), escalatedAt: at(r.escalatedAt) }));
}

/**
 * Acknowledges every unacknowledged critical result of the case; returns the report versions it acknowledged
 * (none: all were acknowledged already). Rows the sweeper is escalating are waited for, not skipped.
 */
export async function acknowledge(tx: Db, caseId: string, userId: string, at: Date): Promise<number[]> {
  const rows = await queryRows<{ v: number }>(tx, sql`
    UPDATE case_critical_results SET acknowledged_by = ${userId}, acknowledged_at = ${at}
    WHERE case_id = ${caseId} AND acknowledged_at IS NULL
    RETURNING report_version AS v`);
  return rows.map((r) => r.v);
}

/** A critical result whose escalation this sweep just claimed. */
export interface EscalationCase {
  caseId: string;
  reportVersion: number;
  organizationId: string;
  siteId: string;
  patientId: string;
  referrerId: string;
  state: string;
}

/**
 * Marks the escalation of up to `limit` unacknowledged critical results past their acknowledgement deadline
 * as sent, and returns them. Rows another transaction holds are skipped (the next sweep takes them); a result
 * is returned once, ever — the mark is in the database, so restarts and several sweepers change nothing.
 */
export async function claimEscalations(tx: Db, now: Date, limit: number): Promise<EscalationCase[]> {
  return queryRows<EscalationCase>(tx, sql`
    WITH claimed AS (
      UPDATE case_critical_results SET escalated_at = ${now}
      WHERE (case_id, report_version) IN (
              SELECT case_id, report_version FROM case_critical_results
              WHERE acknowledged_at IS NULL AND escalated_at IS NULL AND ack_due_at <= ${now}
              ORDER BY ack_due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        AND acknowledged_at IS NULL AND escalated_at IS NULL
      RETURNING case_id, report_version)
    SELECT c.id AS "caseId", claimed.report_version AS "reportVersion", c.organization_id AS "organizationId",
           c.site_id AS "siteId", c.patient_id AS "patientId", c.referrer_id AS "referrerId", c.state
    FROM claimed JOIN cases c ON c.id = claimed.case_id`);
}

/** Active admins of the referring site: admins assigned to the site, and the organization-wide admins. */
export async function listSiteAdmins(db: Db, organizationId: string, siteId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(db, sql`
    SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.user_id = u.id
    WHERE u.organization_id = ${organizationId} AND NOT u.disabled AND r.role = 'admin'
      AND (r.site_id = ${siteId} OR r.site_id IS NULL)
    ORDER BY u.id`);
  return rows.map((r) => r.id);
}
