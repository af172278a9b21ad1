/** Access-matrix expectations for patient records and care teams (see testing/access-matrix.ts). */
import type { Role } from '@telehealth/contracts/identity';
import { ORG_WIDE, STAFF, is, listOf, noParams, patientResource, siteFor, type ModuleAccess, type World } from '../../testing/access-matrix.js';
import { systemActor, unique } from '../../testing/fixtures.js';

const WRITE: Role[] = ['admin', 'clinician', 'nurse'];
const READ: Role[] = [...STAFF, 'patient'];
const CARE_TEAM: Role[] = ['admin', 'clinician'];

async function ensureOnCareTeam(w: World, patientId: string): Promise<void> {
  await w.t.services.patients.addToCareTeam(systemActor(w.org.organizationId), patientId, w.careTeamMember, true);
}

export const access: ModuleAccess = {
  expectations: {
    'GET /api/v1/patients': { build: noParams, expect: listOf(READ) },
    'POST /api/v1/patients': {
      build: (w, _c, s) => ({
        params: {},
        body: { siteId: siteFor(w, s), mrn: unique('M'), givenName: 'New', familyName: 'Patient', birthDate: '1990-01-01', sex: 'unknown' },
      }),
      expect: (c, s) =>
        c === 'anonymous' ? 401 : !is(c, WRITE) ? 403 : s === 'otherOrg' ? 404 : s === 'otherSite' && !ORG_WIDE.includes(c) ? 403 : 201,
    },
    'GET /api/v1/patients/:patientId': { build: (w, _c, s) => ({ params: { patientId: w.patients[s] } }), expect: patientResource(READ, 200) },
    'PATCH /api/v1/patients/:patientId': {
      build: (w, _c, s) => ({ params: { patientId: w.patients[s] }, body: { phone: '406-555-0100' } }),
      expect: patientResource(WRITE, 200),
    },
    'GET /api/v1/patients/:patientId/care-team': {
      build: (w, _c, s) => ({ params: { patientId: w.patients[s] } }),
      expect: patientResource(READ, 200),
    },
    'POST /api/v1/patients/:patientId/care-team': {
      build: (w, _c, s) => ({ params: { patientId: w.patients[s] }, body: { userId: w.careTeamMember } }),
      expect: patientResource(CARE_TEAM, 204),
    },
    'DELETE /api/v1/patients/:patientId/care-team/:userId': {
      build: async (w, _c, s) => {
        if (s !== 'otherOrg') await ensureOnCareTeam(w, w.patients[s]);
        return { params: { patientId: w.patients[s], userId: w.careTeamMember } };
      },
      expect: patientResource(CARE_TEAM, 204),
    },
  },
};
