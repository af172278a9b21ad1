/** Access-matrix expectations for video visits (see testing/access-matrix.ts). */
import type { Role } from '@telehealth/contracts/identity';
import { ORG_WIDE, STAFF, is, listOf, orgResource, patientResource, siteFor, type Caller, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
import { systemActor } from '../../testing/fixtures.js';

const READ: Role[] = [...STAFF, 'patient'];
const WRITE: Role[] = ['admin', 'clinician', 'nurse'];
const ALL: Scope[] = ['own', 'otherSite', 'otherOrg'];

/** A fresh scheduled visit of the scope's patient (state-changing routes get one per call). */
async function newVisit(w: World, s: Scope): Promise<string> {
  const org = s === 'otherOrg' ? w.other.organizationId : w.org.organizationId;
  const host = s === 'otherOrg' ? w.targetUsers.otherOrg : w.actorIds.clinician;
  const v = await w.t.services.visits.create(systemActor(org), {
    patientId: w.patients[s],
    siteId: siteFor(w, s),
    hostUserId: host,
    scheduledStart: new Date(w.t.clock.now() + 10 * 60_000).toISOString(),
    durationMinutes: 20,
    reason: 'Follow-up',
  });
  return v.id;
}

async function newInvitation(w: World, s: Scope): Promise<{ visitId: string; participantId: string; token: string }> {
  const visitId = await newVisit(w, s);
  const org = s === 'otherOrg' ? w.other.organizationId : w.org.organizationId;
  const inv = await w.t.services.visits.invite(systemActor(org), visitId, { kind: 'guest', displayName: 'Guest', sendEmail: false });
  return { visitId, participantId: inv.participantId, token: inv.joinUrl.split('#')[1]! };
}

/**
 * The matrix's clinician hosts the own and otherSite visits. A user's own live place in a visit opens it to them
 * like care-team membership (docs/visits.md "Participants and roles"): the host reads the visit, connects and
 * keeps notes even at a site outside their assignments.
 */
const orHost = (base: (c: Caller, s: Scope) => number, ok: number) => (c: Caller, s: Scope) => (c === 'clinician' && s === 'otherSite' ? ok : base(c, s));

export const access: ModuleAccess = {
  prepare: async (w) => {
    const visit = {} as Record<Scope, string>;
    for (const s of ALL) visit[s] = await newVisit(w, s);
    w.resources.visit = visit;
  },
  expectations: {
    'GET /api/v1/sites/:siteId/visits': { build: (w, _c, s) => ({ params: { siteId: siteFor(w, s) } }), expect: orgResource(READ, 200) },
    'POST /api/v1/visits': {
      build: (w, _c, s) => ({
        params: {},
        body: { patientId: w.patients[s], siteId: siteFor(w, s), scheduledStart: null, durationMinutes: 15, reason: 'On demand' },
      }),
      expect: (c, s) =>
        c === 'anonymous' ? 401 : !is(c, WRITE) ? 403 : s === 'otherOrg' ? 404 : s === 'otherSite' && !ORG_WIDE.includes(c) ? 403 : 201,
    },
    'GET /api/v1/visits/:visitId': { build: (w, _c, s) => ({ params: { visitId: w.resources.visit![s] } }), expect: orHost(patientResource(READ, 200), 200) },
    // Only participants get a connection grant: here the host, who is the matrix's clinician (own and otherSite visits;
    // their place in the visit opens it even at the other site).
    'GET /api/v1/visits/:visitId/connection': {
      build: (w, _c, s) => ({ params: { visitId: w.resources.visit![s] } }),
      expect: (c, s) =>
        c === 'anonymous' ? 401 : !is(c, READ) ? 403 : s === 'otherOrg' ? 404 : c === 'patient' ? (s === 'own' ? 403 : 404) : c === 'clinician' ? 200 : 403,
    },
    'PATCH /api/v1/visits/:visitId': {
      build: (w, _c, s) => ({ params: { visitId: w.resources.visit![s] }, body: { scheduledStart: new Date(w.t.clock.now() + 3600_000).toISOString() } }),
      expect: patientResource(WRITE, 200),
    },
    'POST /api/v1/visits/:visitId/cancel': {
      build: async (w, _c, s) => ({ params: { visitId: await newVisit(w, s) }, body: {} }),
      expect: patientResource(WRITE, 200),
    },
    'POST /api/v1/visits/:visitId/invitations': {
      build: (w, _c, s) => ({ params: { visitId: w.resources.visit![s] }, body: { kind: 'guest', displayName: 'Family member', sendEmail: false } }),
      expect: patientResource(WRITE, 201),
    },
    // A platform user invited by account (a fresh visit per call: a user has one place per visit).
    'POST /api/v1/visits/:visitId/participants': {
      build: async (w, _c, s) => ({ params: { visitId: await newVisit(w, s) }, body: { userId: w.actorIds.specialist } }),
      expect: patientResource(WRITE, 201),
    },
    // The caller's own invitations: an empty list for anyone never invited.
    'GET /api/v1/visit-invitations': { build: () => ({ params: {} }), expect: listOf(READ) },
    'DELETE /api/v1/visits/:visitId/participants/:participantId': {
      build: async (w, _c, s) => {
        const inv = await newInvitation(w, s);
        return { params: { visitId: inv.visitId, participantId: inv.participantId } };
      },
      expect: patientResource(WRITE, 204),
    },
    'GET /api/v1/visits/:visitId/notes': { build: (w, _c, s) => ({ params: { visitId: w.resources.visit![s] } }), expect: orHost(patientResource(WRITE, 200), 200) },
    'POST /api/v1/visits/:visitId/notes': {
      build: (w, _c, s) => ({ params: { visitId: w.resources.visit![s] }, body: { body: 'Rash improving; continue cream.' } }),
      expect: orHost(patientResource(WRITE, 201), 201),
    },
    // Account-less join: the credential is the join token, whoever else the caller is.
    'POST /api/v1/join': {
      build: async (w, _c, s) => ({ params: {}, body: { token: (await newInvitation(w, s)).token } }),
      expect: () => 200,
    },
    'POST /api/v1/join/consent': {
      build: async (w, _c, s) => ({ params: {}, body: { token: (await newInvitation(w, s)).token, consentVersion: '2026-11-1' } }),
      expect: () => 200,
    },
  },
};
