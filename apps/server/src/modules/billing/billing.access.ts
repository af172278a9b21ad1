/** Access-matrix expectations for billing (see testing/access-matrix.ts): billing staff and admins only. */
import type { Role } from '@telehealth/contracts/identity';
import { listOf, noParams, orgResource, patientResource, siteFor, type Expectation, type ModuleAccess, type Scope, type World } from '../../testing/access-matrix.js';
import { createUser, roleAt } from '../../testing/fixtures.js';
import * as repo from './encounters.repo.js';
import { claimBatch } from './testing/claim-batch.js';
import { actorOf, completedVisit } from './testing/completed-encounters.js';

const BILLING: Role[] = ['admin', 'billing'];
const ATTEST: Role[] = ['admin', 'billing', 'clinician', 'specialist'];

const facts = {
  dateOfService: '2025-03-10', payerProfile: 'medicare_ffs', serviceType: 'synchronous_telehealth_em',
  modality: 'audio_video', patientStatus: 'established', patientLocation: 'home', mdmLevel: 'low',
};
// Billing requests name no platform resource: every scope answers alike.
const exportRoute: Expectation = { build: () => ({ params: {}, body: claimBatch(2) }), expect: listOf(BILLING) };

const details = {
  filingIndicator: 'MB', memberId: '1EG4TE5MK73', payerName: 'Medicare Part B', payerId: '03302',
  address: { line1: '1 Main St', city: 'Havre', state: 'MT', postalCode: '59501' }, diagnoses: ['I10'],
};
const envelope = (({ sender, receiver, interchangeControlNumber, groupControlNumber, usage, billingProvider }) => ({ sender, receiver, interchangeControlNumber, groupControlNumber, usage, billingProvider }))(claimBatch(1));

/** The scope's visit encounter, first put into `state` (and given claim details) so every call can succeed. */
async function encounterIn(w: World, s: Scope, state: 'ready' | 'held'): Promise<string> {
  const id = w.resources.billingEncounter![s];
  const db = w.t.services.database.db;
  await repo.updateIf(db, id, ['ready', 'held', 'exported'], { state, holdReason: state === 'held' ? 'matrix' : null, claimDetails: details, editedLines: [{ code: '99213', modifiers: [], pos: '10', units: 1 }] });
  return id;
}
const at = (state: 'ready' | 'held', body?: unknown) => async (w: World, _c: unknown, s: Scope) => ({ params: { encounterId: await encounterIn(w, s, state) }, ...(body ? { body } : {}) });

export const access: ModuleAccess = {
  /** One completed visit per scope (a clinician of that site hosts it) and its encounter. */
  prepare: async (w) => {
    const ids = {} as Record<Scope, string>;
    for (const s of ['own', 'otherSite', 'otherOrg'] as const) {
      const orgId = s === 'otherOrg' ? w.other.organizationId : w.org.organizationId;
      const roles = [roleAt('clinician', siteFor(w, s))];
      const host = actorOf((await createUser(w.t, orgId, roles)).id, orgId, roles);
      const visitId = await completedVisit(w.t, host, w.patients[s], siteFor(w, s), { videoMinutes: 10, audioMinutes: 0 });
      const biller = actorOf((await createUser(w.t, orgId, [roleAt('billing', null)])).id, orgId, [roleAt('billing', null)]);
      const queue = await w.t.services.encounters.queue(biller, {});
      ids[s] = queue.items.find((e) => e.sourceId === visitId)!.id;
    }
    w.resources.billingEncounter = ids;
  },
  expectations: {
    'POST /api/v1/billing/code': { build: () => ({ params: {}, body: facts }), expect: listOf(BILLING) },
    'POST /api/v1/billing/export/837p': exportRoute,
    'POST /api/v1/billing/export/fhir-claim': exportRoute,
    'POST /api/v1/billing/export/csv': exportRoute,
    'GET /api/v1/billing/encounters': { build: noParams, expect: listOf(BILLING) },
    'GET /api/v1/billing/totals': { build: noParams, expect: listOf(BILLING) },
    'GET /api/v1/billing/encounters/:encounterId': { build: at('ready'), expect: orgResource(BILLING, 200) },
    // clinicians and specialists attest encounters whose visit they may read (their site's patients)
    'PUT /api/v1/billing/encounters/:encounterId/attestation': { build: at('ready', { mdmLevel: 'low' }), expect: patientResource(ATTEST, 200) },
    'PUT /api/v1/billing/encounters/:encounterId/claim-details': { build: at('ready', details), expect: orgResource(BILLING, 200) },
    'PUT /api/v1/billing/encounters/:encounterId/lines': { build: at('ready', { lines: [], reason: 'Matrix edit' }), expect: orgResource(BILLING, 200) },
    'POST /api/v1/billing/encounters/:encounterId/hold': { build: at('ready', { reason: 'Matrix hold' }), expect: orgResource(BILLING, 200) },
    'POST /api/v1/billing/encounters/:encounterId/release': { build: at('held'), expect: orgResource(BILLING, 200) },
    'POST /api/v1/billing/encounters/export': {
      build: async (w, _c, s) => ({ params: {}, body: { encounterIds: [await encounterIn(w, s, 'ready')], format: 'csv', envelope, defaultCharge: 90 } }),
      expect: orgResource(BILLING, 200),
    },
  },
};
