/**
 * Access-matrix expectations for consult routing (queue settings, sharing agreements, availability, the
 * dashboard) and in-app notifications. Queue settings and agreements belong to the caller's organization
 * (admins); a notification is its recipient's alone: anyone else's — same organization or not — is 404.
 */
import { randomUUID } from 'node:crypto';
import { listOf, orgResource, STAFF, type Caller, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
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

/** A notification of the caller (own), of a colleague at another site, or of a user of the other organization. */
async function notificationFor(w: World, c: Caller, s: Scope): Promise<string> {
  const userId = s === 'own' && c !== 'anonymous' ? w.actorIds[c] : w.targetUsers[s === 'own' ? 'otherSite' : s];
  await w.t.services.notifications.deliver([userId], 'case_assigned', 'A consult was assigned to you', null);
  const [row] = await w.t.db.database.rawTransaction((tx) =>
    tx.query<{ id: string }>('SELECT id FROM notifications WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT 1', [userId]),
  );
  return row!.id;
}

const ownOnly = (c: Caller, s: Scope): number => (c === 'anonymous' ? 401 : !STAFF.includes(c) ? 403 : s === 'own' ? 200 : 404);

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
    'GET /api/v1/notifications': { build: () => ({ params: {} }), expect: listOf(STAFF) },
    'POST /api/v1/notifications/read-all': { build: () => ({ params: {} }), expect: listOf(STAFF) },
    'POST /api/v1/notifications/:notificationId/read': {
      build: async (w, c, s) => ({ params: { notificationId: await notificationFor(w, c, s) } }),
      expect: ownOnly,
    },
  },
};
