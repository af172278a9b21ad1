/**
 * Access-matrix expectations for consults (see testing/access-matrix.ts), and the case fixtures the
 * cases integration tests share. Referrer routes follow the patient's scope at the referring site; the
 * specialist (dermatology, assigned to siteA in the matrix) reaches every submitted dermatology case of
 * the organization, whatever its site; another organization's case is 404 and audited.
 */
import type { Role } from '@telehealth/contracts/identity';
import type { Actor } from '../../platform/actor.js';
import { is, listOf, noParams, patientResource, siteFor, type Caller, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
import { createUser, roleAt } from '../../testing/fixtures.js';
import type { TestApp } from '../../testing/harness.js';

const READ: Role[] = ['admin', 'clinician', 'nurse', 'specialist'];
const WRITE: Role[] = ['admin', 'clinician', 'nurse'];

export type Stage = 'draft' | 'submitted' | 'assigned' | 'awaiting_information' | 'answered' | 'acknowledged';

/** A user of the test app as a service-layer actor. */
export function actorOf(userId: string, organizationId: string, roles: Actor['roles']): Actor {
  return { userId, organizationId, roles, patientId: null, via: 'token', sessionId: null, tokenId: null };
}

export const DERM_HISTORY = { lesion_site: 'left forearm', duration: '3 months', evolution: 'growing', symptoms: ['itch'] };
export const DERM_REPORT = {
  outcome: 'recommend_visit' as const,
  timeFrame: 'within 4 weeks',
  fields: { diagnosis: 'Seborrhoeic keratosis', management: 'Reassure', biopsy_needed: false, in_person_needed: true },
};

/** Creates a complete dermatology case and drives it to `stage` through the services. */
export async function caseAt(
  t: TestApp,
  p: { referrer: Actor; specialist: Actor; patientId: string; siteId: string },
  stage: Stage,
): Promise<string> {
  const c = await t.services.cases.create(p.referrer, {
    patientId: p.patientId,
    siteId: p.siteId,
    specialty: 'dermatology',
    urgency: 'routine',
    question: 'Benign or not?',
    history: DERM_HISTORY,
    consent: { given: true, method: 'verbal' },
  });
  const steps: [Stage, () => Promise<unknown>][] = [
    ['submitted', () => t.services.cases.submit(p.referrer, c.id, undefined)],
    ['assigned', () => t.services.caseReview.claim(p.specialist, c.id)],
    ['awaiting_information', () => t.services.caseReview.ask(p.specialist, c.id, 'How large is it?')],
    ['answered', async () => {
      await t.services.cases.reply(p.referrer, c.id, 'About 6 mm.');
      await t.services.caseReview.sign(p.specialist, c.id, DERM_REPORT);
    }],
    ['acknowledged', () => t.services.cases.referrerEvent(p.referrer, c.id, 'acknowledge')],
  ];
  if (stage === 'draft') return c.id;
  for (const [s, step] of steps) {
    await step();
    if (s === stage) break;
  }
  return c.id;
}

interface Parties {
  referrer: Record<Scope, Actor>;
  specialist: Record<Scope, Actor>;
  otherSpecialist: string;
}
const parties = new WeakMap<World, Promise<Parties>>();

/** Referrers (an org-wide admin per organization) and dermatologists for the matrix world, made once. */
function partiesOf(w: World): Promise<Parties> {
  let p = parties.get(w);
  if (!p) {
    p = makeParties(w);
    parties.set(w, p);
  }
  return p;
}

async function makeParties(w: World): Promise<Parties> {
  const adminRole = [roleAt('admin', null)];
  const derm = [roleAt('specialist', null)];
  const otherAdmin = await createUser(w.t, w.other.organizationId, adminRole);
  const otherDerm = await createUser(w.t, w.other.organizationId, derm);
  const ownAdmin = actorOf(w.actorIds.admin, w.org.organizationId, adminRole);
  const ownDerm = actorOf(w.actorIds.specialist, w.org.organizationId, [roleAt('specialist', w.org.siteA)]);
  const colleague = await createUser(w.t, w.org.organizationId, derm);
  return {
    referrer: { own: ownAdmin, otherSite: ownAdmin, otherOrg: actorOf(otherAdmin.id, w.other.organizationId, adminRole) },
    specialist: { own: ownDerm, otherSite: ownDerm, otherOrg: actorOf(otherDerm.id, w.other.organizationId, derm) },
    otherSpecialist: colleague.id,
  };
}

/** A fresh dermatology case of the scope's patient at the scope's site, driven to `stage`. */
export async function caseFor(w: World, s: Scope, stage: Stage): Promise<string> {
  const p = await partiesOf(w);
  return caseAt(w.t, { referrer: p.referrer[s], specialist: p.specialist[s], patientId: w.patients[s], siteId: siteFor(w, s) }, stage);
}
const make = caseFor;

/** Case resources: specialists reach any site of their organization; referrers follow the patient scope. */
function caseResource(roles: readonly Role[], ok: number) {
  const referrer = patientResource(roles, ok);
  return (c: Caller, s: Scope): number => (c === 'specialist' && is(c, roles) ? (s === 'otherOrg' ? 404 : ok) : referrer(c, s));
}
const specialistOnly = (ok: number) => (c: Caller, s: Scope): number => (c === 'anonymous' ? 401 : c !== 'specialist' ? 403 : s === 'otherOrg' ? 404 : ok);

const fresh = (stage: Stage, body?: (w: World) => unknown) => async (w: World, _c: Caller, s: Scope) => ({
  params: { caseId: await make(w, s, stage) },
  ...(body ? { body: body(w) } : {}),
});

export const access: ModuleAccess = {
  prepare: async (w) => {
    w.resources.caseDraft = { own: await make(w, 'own', 'draft'), otherSite: await make(w, 'otherSite', 'draft'), otherOrg: await make(w, 'otherOrg', 'draft') };
    w.resources.case = {
      own: await make(w, 'own', 'submitted'),
      otherSite: await make(w, 'otherSite', 'submitted'),
      otherOrg: await make(w, 'otherOrg', 'submitted'),
    };
  },
  expectations: {
    'GET /api/v1/case-templates': { build: noParams, expect: listOf(READ) },
    'GET /api/v1/cases': { build: noParams, expect: listOf(READ) },
    'POST /api/v1/cases': {
      build: (w, _c, s) => ({ params: {}, body: { patientId: w.patients[s], siteId: siteFor(w, s), specialty: 'dermatology' } }),
      expect: patientResource(WRITE, 201),
    },
    'GET /api/v1/cases/:caseId': { build: (w, _c, s) => ({ params: { caseId: w.resources.case![s] } }), expect: caseResource(READ, 200) },
    'PATCH /api/v1/cases/:caseId': {
      build: (w, _c, s) => ({ params: { caseId: w.resources.caseDraft![s] }, body: { question: 'Updated question' } }),
      expect: patientResource(WRITE, 200),
    },
    'POST /api/v1/cases/:caseId/submit': { build: fresh('draft'), expect: patientResource(WRITE, 200) },
    'POST /api/v1/cases/:caseId/withdraw': { build: fresh('draft'), expect: patientResource(WRITE, 200) },
    'POST /api/v1/cases/:caseId/acknowledge': { build: fresh('answered'), expect: patientResource(WRITE, 200) },
    'POST /api/v1/cases/:caseId/close': { build: fresh('acknowledged'), expect: patientResource(WRITE, 200) },
    'POST /api/v1/cases/:caseId/replies': { build: fresh('awaiting_information', () => ({ body: 'Answer' })), expect: patientResource(WRITE, 200) },
    'POST /api/v1/cases/:caseId/claim': { build: fresh('submitted'), expect: specialistOnly(200) },
    'POST /api/v1/cases/:caseId/questions': { build: fresh('assigned', () => ({ body: 'Question?' })), expect: specialistOnly(200) },
    'POST /api/v1/cases/:caseId/report': { build: fresh('assigned', () => DERM_REPORT), expect: specialistOnly(200) },
    'POST /api/v1/cases/:caseId/report/amendments': {
      build: fresh('answered', () => ({ ...DERM_REPORT, reason: 'Typo in management' })),
      expect: specialistOnly(200),
    },
    'POST /api/v1/cases/:caseId/reassign': {
      build: async (w, _c, s) => ({ params: { caseId: await make(w, s, 'assigned') }, body: { specialistId: (await partiesOf(w)).otherSpecialist, reason: 'Leave' } }),
      expect: specialistOnly(200),
    },
  },
};
