/**
 * Access-matrix expectations for the outputs of a signed consult report (see testing/access-matrix.ts): the
 * PDF, the patient summary and the follow-up visit. One dermatology case per scope, answered with a report
 * recommending a visit by the matrix's dermatologist (assigned to siteA, reaching every site), serves them all.
 */
import type { Role } from '@telehealth/contracts/identity';
import { is, patientResource, type Caller, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
import { roleAt } from '../../testing/fixtures.js';
import { actorOf, caseFor } from './cases.access.js';

const READ: Role[] = ['admin', 'clinician', 'nurse', 'specialist'];
const WRITE: Role[] = ['admin', 'clinician', 'nurse'];

const caseResource = (roles: readonly Role[], ok: number) => {
  const referrer = patientResource(roles, ok);
  return (c: Caller, s: Scope): number => (c === 'specialist' && is(c, roles) ? (s === 'otherOrg' ? 404 : ok) : referrer(c, s));
};
const specialistOnly = (ok: number) => (c: Caller, s: Scope): number => (c === 'anonymous' ? 401 : c !== 'specialist' ? 403 : s === 'otherOrg' ? 404 : ok);
const answered = (w: World, _c: Caller, s: Scope) => ({ params: { caseId: w.resources.caseAnswered![s] } });

/** The answered case with a fresh draft summary by the matrix's specialist (another organization's: 404 first). */
async function withDraft(w: World, _c: Caller, s: Scope) {
  const caseId = w.resources.caseAnswered![s];
  if (s !== 'otherOrg') {
    const specialist = actorOf(w.actorIds.specialist, w.org.organizationId, [roleAt('specialist', w.org.siteA)]);
    await w.t.services.casePatientSummary.write(specialist, caseId, 'A plain-language summary.');
  }
  return { params: { caseId }, body: {} };
}

export const access: ModuleAccess = {
  prepare: async (w) => {
    w.resources.caseAnswered = { own: await caseFor(w, 'own', 'answered'), otherSite: await caseFor(w, 'otherSite', 'answered'), otherOrg: await caseFor(w, 'otherOrg', 'answered') };
  },
  expectations: {
    'GET /api/v1/cases/:caseId/report.pdf': { build: answered, expect: caseResource(READ, 200) },
    'GET /api/v1/cases/:caseId/patient-summary': { build: answered, expect: caseResource(READ, 200) },
    'PUT /api/v1/cases/:caseId/patient-summary': {
      build: (w, c, s) => ({ ...answered(w, c, s), body: { body: 'A plain-language summary.' } }),
      expect: specialistOnly(200),
    },
    'POST /api/v1/cases/:caseId/patient-summary/approve': { build: withDraft, expect: specialistOnly(200) },
    'GET /api/v1/my/consult-summaries': { build: () => ({ params: {} }), expect: (c) => (c === 'anonymous' ? 401 : c === 'patient' ? 200 : 403) },
    'GET /api/v1/cases/:caseId/follow-ups': { build: answered, expect: caseResource(READ, 200) },
    'POST /api/v1/cases/:caseId/follow-ups': {
      build: (w, c, s) => ({
        ...answered(w, c, s),
        body: { kind: 'in_person', scheduledStart: new Date(w.t.clock.now() + 86_400_000).toISOString(), durationMinutes: 30, location: 'Clinic' },
      }),
      expect: patientResource(WRITE, 201),
    },
  },
};
