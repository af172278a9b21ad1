/** Access-matrix expectations for set-up, sign-in, sites, users and API tokens (see testing/access-matrix.ts). */
import {
  noParams,
  orgResource,
  listOf,
  is,
  siteFor,
  STAFF,
  type ModuleAccess,
  type Caller,
} from '../../testing/access-matrix.js';
import { roleAt, unique } from '../../testing/fixtures.js';

const anonymous401 = (ok: number) => (c: Caller) => (c === 'anonymous' ? 401 : ok);

export const access: ModuleAccess = {
  expectations: {
    'GET /api/v1/setup/status': { build: noParams, expect: () => 200 },
    'POST /api/v1/setup': {
      build: () => ({
        params: {},
        body: { token: 'x'.repeat(43), organizationName: 'X', adminName: 'X', adminEmail: `${unique()}@e.test`, password: 'a long enough password' },
      }),
      expect: () => 409, // set-up is done: refused whoever calls
    },
    'POST /api/v1/auth/login': {
      build: () => ({ params: {}, body: { email: `${unique()}@e.test`, password: 'wrong password' } }),
      expect: () => 401,
    },
    // MFA and logout belong to browser sessions; the matrix calls with API tokens, which they refuse.
    'POST /api/v1/auth/mfa/enrol': { build: noParams, expect: anonymous401(403) },
    'POST /api/v1/auth/mfa/enrol/confirm': { build: () => ({ params: {}, body: { code: '123456' } }), expect: anonymous401(403) },
    'POST /api/v1/auth/mfa/verify': { build: () => ({ params: {}, body: { code: '123456' } }), expect: anonymous401(403) },
    'POST /api/v1/auth/logout': { build: noParams, expect: anonymous401(403) },
    'GET /api/v1/auth/session': { build: noParams, expect: anonymous401(200) },
    'GET /api/v1/openapi.json': { build: noParams, expect: () => 200 },

    'GET /api/v1/sites': { build: noParams, expect: listOf(STAFF) },
    'POST /api/v1/sites': {
      build: () => ({ params: {}, body: { name: unique('Site '), kind: 'clinic', timeZone: 'America/Denver', state: 'MT' } }),
      expect: (c) => (c === 'anonymous' ? 401 : c === 'admin' ? 201 : 403),
    },
    'GET /api/v1/sites/:siteId': { build: (w, _c, s) => ({ params: { siteId: siteFor(w, s) } }), expect: orgResource(STAFF, 200) },
    'PATCH /api/v1/sites/:siteId': {
      build: (w, _c, s) => ({ params: { siteId: siteFor(w, s) }, body: { state: 'WY' } }),
      expect: orgResource(['admin'], 200),
    },

    'GET /api/v1/users': { build: noParams, expect: listOf(STAFF) },
    'POST /api/v1/users': {
      build: (w, _c, s) => ({
        params: {},
        body: { email: `${unique()}@e.test`, name: 'New Nurse', password: 'a long enough password', roles: [roleAt('nurse', siteFor(w, s))] },
      }),
      expect: orgResource(['admin'], 201),
    },
    'GET /api/v1/users/:userId': { build: (w, _c, s) => ({ params: { userId: w.targetUsers[s] } }), expect: orgResource(STAFF, 200) },
    'PATCH /api/v1/users/:userId': {
      build: (w, _c, s) => ({ params: { userId: w.targetUsers[s] }, body: { name: unique('Renamed ') } }),
      expect: orgResource(['admin'], 200),
    },
    'PUT /api/v1/users/:userId/roles': {
      build: (w, _c, s) => ({
        params: { userId: w.targetUsers[s] },
        body: { roles: [roleAt('nurse', s === 'otherOrg' ? w.other.siteA : w.org.siteA)] },
      }),
      expect: orgResource(['admin'], 200),
    },

    'GET /api/v1/tokens': { build: noParams, expect: listOf(STAFF) },
    'POST /api/v1/tokens': {
      build: () => ({ params: {}, body: { name: 'matrix', expiresInDays: 1 } }),
      expect: (c) => (c === 'anonymous' ? 401 : is(c, STAFF) ? 201 : 403),
    },
    'DELETE /api/v1/tokens/:tokenId': {
      // own: a spare token of the caller; otherwise a token of someone else (same or other organization).
      build: async (w, c, s) => {
        const owner = s === 'own' && c !== 'anonymous' ? w.actorIds[c] : s === 'otherSite' ? w.targetUsers.own : w.targetUsers.otherOrg;
        const token = await w.t.services.tokens.create(owner, { name: 'spare', expiresInDays: 1 }, null);
        return { params: { tokenId: token.id } };
      },
      expect: (c, s) => (c === 'anonymous' ? 401 : !is(c, STAFF) ? 403 : s === 'own' ? 204 : 404),
    },
  },
};
