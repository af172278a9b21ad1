/**
 * Access-matrix expectations for in-app notifications: a notification is its recipient's alone — anyone
 * else's, in the same organization or not, is 404 (audited).
 */
import { listOf, STAFF, type Caller, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';

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
    'GET /api/v1/notifications': { build: () => ({ params: {} }), expect: listOf(STAFF) },
    'POST /api/v1/notifications/read-all': { build: () => ({ params: {} }), expect: listOf(STAFF) },
    'POST /api/v1/notifications/:notificationId/read': {
      build: async (w, c, s) => ({ params: { notificationId: await notificationFor(w, c, s) } }),
      expect: ownOnly,
    },
  },
};
