/**
 * Access-matrix expectations for the imaging API (see testing/access-matrix.ts). The inbox and attaching
 * follow the site of the study (staff holding `imaging.write`: org-wide roles reach every site, site roles
 * their own, 403 for another site); another organization's study or case is 404; the DIMSE allow-list is
 * for administrators.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '@telehealth/contracts/identity';
import { listOf, orgResource, patientResource, siteFor, type Caller, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
import type { Actor } from '../../platform/actor.js';
import { createUser, roleAt, systemActor, unique } from '../../testing/fixtures.js';
import { cloneWithNewUids, fixedLengthUid, makeInstance } from './testing/dcmtk.js';

const WRITE: Role[] = ['admin', 'clinician', 'nurse'];
let template: Promise<{ bytes: Buffer; uids: string[] }> | null = null;

/** One instance made by dcmtk; every study the matrix needs is a copy with fresh UIDs. */
function templateInstance(): Promise<{ bytes: Buffer; uids: string[] }> {
  template ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imaging-access-'));
    const uids = [fixedLengthUid(), fixedLengthUid(), fixedLengthUid()];
    const file = await makeInstance(dir, { studyUid: uids[0]!, seriesUid: uids[1]!, sopUid: uids[2]! });
    const bytes = fs.readFileSync(file);
    fs.rmSync(dir, { recursive: true, force: true });
    return { bytes, uids };
  })();
  return template;
}

const orgOf = (w: World, s: Scope) => (s === 'otherOrg' ? w.other.organizationId : w.org.organizationId);

/** A fresh inbox study at the scope's site, received over DIMSE. */
async function inboxStudy(w: World, s: Scope): Promise<string> {
  const { bytes, uids } = await templateInstance();
  const r = await w.t.services.imagingIngest.ingest(cloneWithNewUids(bytes, uids), { organizationId: orgOf(w, s), siteId: siteFor(w, s), source: 'dimse', actor: null });
  return r.studyId;
}

function actorOf(userId: string, organizationId: string, roles: Actor['roles']): Actor {
  return { userId, organizationId, roles, patientId: null, via: 'token', sessionId: null, tokenId: null };
}

const otherAdmins = new WeakMap<World, Promise<string>>();

/** An organization-wide admin who refers the scope's cases (the matrix admin, or one of the other organization). */
async function referrerOf(w: World, s: Scope): Promise<Actor> {
  const admin = [roleAt('admin', null)];
  if (s !== 'otherOrg') return actorOf(w.actorIds.admin, w.org.organizationId, admin);
  let id = otherAdmins.get(w);
  if (!id) {
    id = createUser(w.t, w.other.organizationId, admin).then((u) => u.id);
    otherAdmins.set(w, id);
  }
  return actorOf(await id, w.other.organizationId, admin);
}

/** A fresh draft urology case of the scope's patient at the scope's site. */
async function draftCase(w: World, s: Scope): Promise<string> {
  const c = await w.t.services.cases.create(await referrerOf(w, s), { patientId: w.patients[s], siteId: siteFor(w, s), specialty: 'urology', question: 'CT review' });
  return c.id;
}

const attachExpect = patientResource(WRITE, 200);
const createExpect = patientResource(WRITE, 201);
const aeExpect = orgResource(['admin'], 204);

/**
 * A resource made for this call when the call is expected to succeed (success consumes it), else the shared
 * one from `prepare` (a refused call changes nothing), which keeps the matrix fast.
 */
function freshIf(expect: (c: Caller, s: Scope) => number, name: string, make: (w: World, s: Scope) => Promise<string>) {
  return async (w: World, c: Caller, s: Scope): Promise<string> => (expect(c, s) < 300 ? make(w, s) : w.resources[name]![s]);
}
const study = (e: (c: Caller, s: Scope) => number) => freshIf(e, 'imagingStudy', inboxStudy);
const draft = (e: (c: Caller, s: Scope) => number) => freshIf(e, 'imagingCase', draftCase);

async function aeTitle(w: World, s: Scope): Promise<string> {
  return (await w.t.services.imaging.addAeTitle(systemActor(orgOf(w, s)), { siteId: siteFor(w, s), aeTitle: unique('AE').slice(0, 16) })).id;
}

async function perScope(w: World, make: (w: World, s: Scope) => Promise<string>): Promise<Record<Scope, string>> {
  return { own: await make(w, 'own'), otherSite: await make(w, 'otherSite'), otherOrg: await make(w, 'otherOrg') };
}

export const access: ModuleAccess = {
  prepare: async (w) => {
    w.resources.imagingStudy = await perScope(w, inboxStudy);
    w.resources.imagingCase = await perScope(w, draftCase);
    w.resources.imagingAe = await perScope(w, aeTitle);
  },
  expectations: {
    'GET /api/v1/imaging/inbox': { build: () => ({ params: {} }), expect: listOf(WRITE) },
    'POST /api/v1/imaging/studies/:studyId/attach': {
      build: async (w, c, s) => ({ params: { studyId: await study(attachExpect)(w, c, s) }, body: { caseId: await draft(attachExpect)(w, c, s) } }),
      expect: attachExpect,
    },
    'POST /api/v1/imaging/studies/:studyId/case': {
      build: async (w, c, s) => ({ params: { studyId: await study(createExpect)(w, c, s) }, body: { patientId: w.patients[s], specialty: 'urology', question: 'Read' } }),
      expect: createExpect,
    },
    'GET /api/v1/imaging/studies/:studyId/deidentified': {
      build: (w, _c, s) => ({ params: { studyId: w.resources.imagingStudy![s] } }),
      // a specialist reads studies on cases of their specialty only: an inbox study is not found for them
      expect: (c, s) => (c === 'specialist' ? 404 : patientResource(WRITE, 200)(c, s)),
    },
    'POST /api/v1/imaging/expected-studies': {
      build: (w, _c, s) => ({ params: {}, body: { caseId: w.resources.imagingCase![s], accessionNumber: unique('A').slice(0, 16) } }),
      expect: createExpect,
    },
    'GET /api/v1/imaging/ae-titles': { build: () => ({ params: {} }), expect: listOf(['admin']) },
    'POST /api/v1/imaging/ae-titles': {
      build: (w, _c, s) => ({ params: {}, body: { siteId: siteFor(w, s), aeTitle: unique('AE').slice(0, 16) } }),
      expect: orgResource(['admin'], 201),
    },
    'DELETE /api/v1/imaging/ae-titles/:aeTitleId': {
      build: async (w, c, s) => ({ params: { aeTitleId: await freshIf(aeExpect, 'imagingAe', aeTitle)(w, c, s) } }),
      expect: aeExpect,
    },
  },
};
