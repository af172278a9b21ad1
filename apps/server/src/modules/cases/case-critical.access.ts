/**
 * Access-matrix expectations for critical results (see testing/access-matrix.ts). One dermatology case per
 * scope is signed with a critical result by the matrix's dermatologist (the flag is not specialty-specific);
 * its referrer is the organization-wide admin of cases.access.ts. Acknowledging is the referrer's, or a
 * clinician's of the referring site: the siteA clinician may (own), the siteA nurse may not (403,
 * CASE_CRITICAL_ACK_FORBIDDEN); other sites follow the patient scope, another organization is 404. The
 * acknowledgement is idempotent, so every caller meets the same case.
 */
import { patientResource, type Caller, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
import { roleAt } from '../../testing/fixtures.js';
import { actorOf, caseFor, DERM_REPORT } from './cases.access.js';

const referrerSide = patientResource(['admin', 'clinician', 'nurse'], 200);

export const access: ModuleAccess = {
  prepare: async (w: World) => {
    const specialist = actorOf(w.actorIds.specialist, w.org.organizationId, [roleAt('specialist', w.org.siteA)]);
    const critical = async (s: Scope) => {
      const id = await caseFor(w, s, 'assigned');
      if (s !== 'otherOrg') await w.t.services.caseReview.sign(specialist, id, { ...DERM_REPORT, critical: true, criticalFinding: 'Finding' });
      return id;
    };
    w.resources.caseCritical = { own: await critical('own'), otherSite: await critical('otherSite'), otherOrg: await critical('otherOrg') };
  },
  expectations: {
    'POST /api/v1/cases/:caseId/critical-result/acknowledge': {
      build: (w, _c, s) => ({ params: { caseId: w.resources.caseCritical![s] } }),
      expect: (c: Caller, s: Scope) => {
        const base = referrerSide(c, s);
        return base === 200 && c === 'nurse' ? 403 : base;
      },
    },
  },
};
