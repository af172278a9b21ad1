/** Access-matrix expectations for billing (see testing/access-matrix.ts): billing staff and admins only. */
import type { Role } from '@telehealth/contracts/identity';
import { listOf, type Expectation, type ModuleAccess } from '../../testing/access-matrix.js';
import { claimBatch } from './testing/claim-batch.js';

const BILLING: Role[] = ['admin', 'billing'];

const facts = {
  dateOfService: '2025-03-10', payerProfile: 'medicare_ffs', serviceType: 'synchronous_telehealth_em',
  modality: 'audio_video', patientStatus: 'established', patientLocation: 'home', mdmLevel: 'low',
};
// Billing requests name no platform resource: every scope answers alike.
const exportRoute: Expectation = { build: () => ({ params: {}, body: claimBatch(2) }), expect: listOf(BILLING) };

export const access: ModuleAccess = {
  expectations: {
    'POST /api/v1/billing/code': { build: () => ({ params: {}, body: facts }), expect: listOf(BILLING) },
    'POST /api/v1/billing/export/837p': exportRoute,
    'POST /api/v1/billing/export/fhir-claim': exportRoute,
    'POST /api/v1/billing/export/csv': exportRoute,
  },
};
