/**
 * Access-matrix expectations for consult routing (queue settings, sharing agreements, availability, the
 * dashboard). Queue settings and agreements belong to the caller's organization (admins).
 */
import { randomUUID } from 'node:crypto';
import { listOf, orgResource, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
import { unique } from '../../testing/fixtures.js';

const ADMIN = ['admin'] as const;

/** A fresh organization to share with (a share of the same pair exists only once). */
async function partner(w: World): Promise<string> {
  return (await w.t.services.setup.ensureOrganization(unique('Partner '))).id;
}

/** A share to revoke (urology: the matrix's specialist is a dermatologist, whose reach must not change). */
async function shareFor(w: World, s: Scope): Promise<string> {
  const owner = s === 'otherOrg' ? w.other.organizationId : w.org.organizationId;
  const partnerId = s === 'otherOrg' ? w.org.organizationId : w.other.organizationId;
  const id = randomUUID();
  await w.t.db.database.rawTransaction(async (tx) => {
    // one active agreement per pair: end the previous build's first
    await tx.query(`UPDATE case_queue_shares SET revoked_at = now() WHERE organization_id = $1 AND partner_organization_id = $2 AND revoked_at IS NULL`, [owner, partnerId]);
    await tx.query(
      `INSERT INTO case_queue_shares (id, organization_id, specialty, partner_organization_id, created_by, created_at)
       SELECT $1, $2, 'urology', $3, u.id, now() FROM users u WHERE u.organization_id = $2 LIMIT 1`,
      [id, owner, partnerId],
    );
  });
  return id;
}

export const access: ModuleAccess = {
  expectations: {
    'GET /api/v1/case-queues': { build: () => ({ params: {} }), expect: listOf(ADMIN) },
    'PUT /api/v1/case-queues/:specialty': {
      build: () => ({ params: { specialty: 'urology' }, body: { leadUserId: null, autoAssign: false } }),
      expect: listOf(ADMIN),
    },
    'GET /api/v1/case-queue-shares': { build: () => ({ params: {} }), expect: listOf(ADMIN) },
    'POST /api/v1/case-queue-shares': {
      build: async (w) => ({ params: {}, body: { specialty: 'urology', partnerOrganizationId: await partner(w) } }),
      expect: listOf(ADMIN, 201),
    },
    'POST /api/v1/case-queue-shares/:shareId/revoke': {
      build: async (w, _c, s) => ({ params: { shareId: await shareFor(w, s) } }),
      expect: orgResource(ADMIN, 200),
    },
    'GET /api/v1/specialists/me/availability': { build: () => ({ params: {} }), expect: listOf(['specialist']) },
    'PUT /api/v1/specialists/me/availability': { build: () => ({ params: {}, body: { available: true } }), expect: listOf(['specialist']) },
    'GET /api/v1/case-dashboard': { build: () => ({ params: {} }), expect: listOf(['admin', 'specialist']) },
  },
};
