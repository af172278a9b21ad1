/**
 * Access-matrix expectations for tus uploads and attachment downloads (see testing/access-matrix.ts). An
 * upload belongs to a draft case the caller may write (referrer side, patient scope at the referring site)
 * and can be continued only by the user who created it; downloads follow the case's read access. HEAD
 * routes are not enumerated by the matrix (platform/access.ts); uploads.int.test.ts covers HEAD.
 */
import type { Role } from '@telehealth/contracts/identity';
import type { Actor } from '../../platform/actor.js';
import { is, patientResource, siteFor, type Caller, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
import { bearerFor, createUser, roleAt } from '../../testing/fixtures.js';
import { jpegWithGps } from './test-images.js';

const WRITE: Role[] = ['admin', 'clinician', 'nurse'];
const READ: Role[] = ['admin', 'clinician', 'nurse', 'specialist'];
const tus = { 'tus-resumable': '1.0.0' };

interface Referrers {
  actor: Record<Scope, Actor>;
  token: Record<Scope, string>;
}
const referrers = new WeakMap<World, Promise<Referrers>>();

/** An org-wide admin per organization refers the matrix's cases (the own one is the matrix's admin). */
function referrersOf(w: World): Promise<Referrers> {
  let r = referrers.get(w);
  if (!r) {
    r = (async () => {
      const roles = [roleAt('admin', null)];
      const other = await createUser(w.t, w.other.organizationId, roles);
      const as = (userId: string, organizationId: string): Actor => ({ userId, organizationId, roles, patientId: null, via: 'token', sessionId: null, tokenId: null });
      const own = as(w.actorIds.admin, w.org.organizationId);
      return {
        actor: { own, otherSite: own, otherOrg: as(other.id, w.other.organizationId) },
        token: { own: w.tokens.admin, otherSite: w.tokens.admin, otherOrg: await bearerFor(w.t, other.id) },
      };
    })();
    referrers.set(w, r);
  }
  return r;
}

/** A complete dermatology draft of the scope's patient, through the cases service. */
async function caseFor(w: World, s: Scope): Promise<string> {
  const c = await w.t.services.cases.create((await referrersOf(w)).actor[s], {
    patientId: w.patients[s],
    siteId: siteFor(w, s),
    specialty: 'dermatology',
    question: 'Benign?',
    history: { lesion_site: 'back', duration: '1 month', evolution: 'new' },
    consent: { given: true, method: 'verbal' },
  });
  return c.id;
}

/** Reads follow the case: specialists of the specialty reach every site of their organization. */
function caseResource(roles: readonly Role[], ok: number) {
  const referrer = patientResource(roles, ok);
  return (c: Caller, s: Scope): number => (c === 'specialist' && is(c, roles) ? (s === 'otherOrg' ? 404 : ok) : referrer(c, s));
}

function creation(caseId: string, size: number): Record<string, string> {
  return { ...tus, 'upload-length': String(size), 'upload-metadata': `caseId ${Buffer.from(caseId).toString('base64')}` };
}

/** Creates an upload on a fresh draft of the scope: as the caller when they may, else as the scope's referrer. */
async function uploadFor(w: World, c: Caller, s: Scope): Promise<string> {
  const caseId = await caseFor(w, s);
  const own = c === 'anonymous' ? [] : [w.tokens[c]];
  for (const token of [...own, (await referrersOf(w)).token[s]]) {
    const r = await w.t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...creation(caseId, 10), authorization: `Bearer ${token}` } });
    if (r.statusCode === 201) return String(r.headers.location).split('/').pop()!;
  }
  throw new Error('could not create an upload for the matrix');
}

/** A submitted case of the scope with one processed image attachment. */
async function attachmentFor(w: World, s: Scope): Promise<{ caseId: string; attachmentId: string }> {
  const caseId = await caseFor(w, s);
  const token = (await referrersOf(w)).token[s];
  const file = await jpegWithGps(120, 90);
  const auth = { authorization: `Bearer ${token}` };
  const created = await w.t.app.inject({ method: 'POST', url: '/api/v1/uploads', headers: { ...creation(caseId, file.length), ...auth } });
  const done = await w.t.app.inject({
    method: 'PATCH',
    url: String(created.headers.location),
    headers: { ...tus, ...auth, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    payload: file,
  });
  await w.t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/submit`, headers: auth });
  return { caseId, attachmentId: String(done.headers['x-attachment-id']) };
}

export const access: ModuleAccess = {
  prepare: async (w) => {
    const [own, otherSite, otherOrg] = [await attachmentFor(w, 'own'), await attachmentFor(w, 'otherSite'), await attachmentFor(w, 'otherOrg')];
    w.resources.attachmentCase = { own: own.caseId, otherSite: otherSite.caseId, otherOrg: otherOrg.caseId };
    w.resources.attachment = { own: own.attachmentId, otherSite: otherSite.attachmentId, otherOrg: otherOrg.attachmentId };
  },
  expectations: {
    'POST /api/v1/uploads': {
      build: async (w, _c, s) => ({ params: {}, headers: creation(await caseFor(w, s), 10) }),
      expect: patientResource(WRITE, 201),
    },
    'PATCH /api/v1/uploads/:uploadId': {
      build: async (w, c, s) => ({
        params: { uploadId: await uploadFor(w, c, s) },
        headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
        body: Buffer.from('12345'),
      }),
      expect: patientResource(WRITE, 204),
    },
    'GET /api/v1/cases/:caseId/attachments/:attachmentId': {
      build: (w, _c, s) => ({ params: { caseId: w.resources.attachmentCase![s], attachmentId: w.resources.attachment![s] } }),
      expect: caseResource(READ, 200),
    },
  },
};
