import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/actor.js';
import { GRANTS } from '../../platform/policy.js';

/**
 * Which sites' imaging inboxes an actor works: null for an organization-wide assignment (every site), else
 * the sites of their roles that hold `imaging.write` (empty: no inbox at all, e.g. a specialist).
 */
export function inboxSites(actor: Actor): string[] | null {
  const roles = actor.roles.filter((r) => GRANTS['imaging.write'].includes(r.role));
  if (roles.some((r) => r.siteId === null)) return null;
  return [...new Set(roles.map((r) => r.siteId).filter((s): s is string => s !== null))];
}

/**
 * The SQL form of "a study the actor may see" for DICOMweb searches, over `imaging_studies s`: an inbox
 * study of one of their sites, or a study on a case they may see — the referrer side scoped like the case's
 * patient at the referring site (policy.ts decideCase), the specialist side by specialty for non-draft cases.
 * Every value is a bound parameter.
 */
export function visibleStudiesWhere(actor: Actor): SQL {
  const sites = inboxSites(actor);
  const inbox = sites === null ? sql`true` : sites.length ? sql`s.site_id IN (${sql.join(sites.map((s) => sql`${s}::uuid`), sql`, `)})` : sql`false`;
  const referrerRoles = actor.roles.filter((r) => GRANTS['case.write'].includes(r.role));
  let referrer: SQL = sql`false`;
  if (referrerRoles.some((r) => r.siteId === null)) referrer = sql`true`;
  else if (referrerRoles.length) {
    const ids = [...new Set(referrerRoles.map((r) => r.siteId as string))];
    referrer = sql`(c.site_id IN (${sql.join(ids.map((s) => sql`${s}::uuid`), sql`, `)}) OR c.patient_id IN (SELECT patient_id FROM care_team WHERE user_id = ${actor.userId}::uuid))`;
  }
  const specialties = [...new Set(actor.roles.filter((r) => r.role === 'specialist').flatMap((r) => r.specialties))];
  const specialist = specialties.length ? sql`(c.state <> 'draft' AND c.specialty IN (${sql.join(specialties.map((s) => sql`${s}`), sql`, `)}))` : sql`false`;
  return sql`s.organization_id = ${actor.organizationId}::uuid AND (
    (s.case_id IS NULL AND ${inbox})
    OR (s.case_id IS NOT NULL AND EXISTS (SELECT 1 FROM cases c WHERE c.id = s.case_id AND c.organization_id = s.organization_id AND (${referrer} OR ${specialist}))))`;
}
