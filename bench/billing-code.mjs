// @ts-check
/**
 * Billing benchmark, in one process, on the built server (npm run build:ts first):
 *   coding   facts → lines for --encounters encounters (default 1,000,000), drawn from 10,000 distinct facts
 *            objects spread over every service type, payer profile and both years (seeded, reproducible);
 *   837p     X12 837P generation for --claims claims (default 10,000; 2 transaction sets), then parsed back
 *            with node-x12 to check the claim count.
 * Each measured --runs times (default 5) after a warm-up; reports the median. Writes bench/results/billing-code.json.
 *
 * Usage: node bench/billing-code.mjs [--encounters 1000000] [--claims 10000] [--runs 5] [--out file]
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, arg, summary, writeJson } from './lib/harness.mjs';

const argv = process.argv.slice(2);
const encounters = Number(arg(argv, 'encounters', '1000000'));
const claimCount = Number(arg(argv, 'claims', '10000'));
const runs = Number(arg(argv, 'runs', '5'));
const out = path.resolve(ROOT, arg(argv, 'out', 'bench/results/billing-code.json'));
/** @param {string} msg */
const log = (msg) => process.stderr.write(`[billing] ${msg}\n`);

const { codeEncounter } = await import(path.join(ROOT, 'apps/server/dist/modules/billing/coding.js'));
const { build837p } = await import(path.join(ROOT, 'apps/server/dist/modules/billing/x12-837p.js'));
const { X12Parser } = await import('node-x12');

/** Mulberry32: a small seeded PRNG, so every run codes the same encounters. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
/** @template T @param {readonly T[]} xs @returns {T} */
const pick = (xs) => /** @type {T} */ (xs[Math.floor(rand() * xs.length)]);
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const PROFILES = ['medicare_ffs', 'commercial_cpt2025', 'commercial_legacy_em', 'commercial_inperson_pos_95', 'commercial_pharmacist_recognized'];
const SERVICES = ['synchronous_telehealth_em', 'synchronous_telehealth_behavioral', 'synchronous_telehealth_therapy', 'virtual_check_in', 'store_and_forward_review',
  'online_digital_em', 'interprofessional_consultation', 'remote_physiologic_monitoring', 'originating_site_facility_fee', 'telepharmacy_counselling',
  'pharmacist_incident_to', 'fqhc_distant_site_medical_telehealth', 'rhc_mental_health_visit'];
const MODALITY = { virtual_check_in: ['audio_only', 'audio_video'], store_and_forward_review: ['asynchronous_images'], online_digital_em: ['asynchronous_portal'] };

/** One plausible, fully specified facts object (some deliberately incomplete, as real queues are). */
function facts() {
  const y = pick([2025, 2026]);
  const serviceType = pick(SERVICES);
  const f = {
    dateOfService: `${y}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`,
    periodStart: `${y}-03-01`, periodEnd: `${y}-03-${pick(['07', '30'])}`,
    payerProfile: pick(PROFILES), serviceType, modality: pick(MODALITY[serviceType] ?? ['audio_video', 'audio_only']),
    billingEntity: pick(['practice', 'practice', 'FQHC', 'RHC', 'hospital_outpatient']), patientStatus: pick(['new', 'established', 'established']),
    patientLocation: pick(['home', 'home', 'physician_office', 'hospital_outpatient']), ruralHpsa: rand() < 0.3,
    providerType: pick(['physician', 'nurse_practitioner', 'LCSW', 'physical_therapist', 'pharmacist']), role: pick(['consultant', 'treating_requesting']),
    totalTimeMinutes: int(3, 70), mdmLevel: pick(['straightforward', 'low', 'moderate', 'high']), cumulativeMinutes7Days: int(2, 30),
    medicalDiscussionMinutes: int(2, 25), patientInitiated: rand() < 0.9, relatedEmWithinPrior7Days: rand() < 0.1, emVisitFollowedWithin24h: rand() < 0.1,
    emVisitWithin7Days: rand() < 0.1, consultMinutes: int(2, 40), verbalDiscussionShare: rand(), writtenReport: rand() < 0.9,
    referralPrepAndCommunicationMinutes: int(5, 30), consultantSawPatientWithinPrior14Days: rand() < 0.1, leadsToTransferOrVisitWithin14Days: rand() < 0.1,
    daysWithReadings: int(0, 30), treatmentMgmtMinutesCalendarMonth: int(0, 70), interactiveCommunication: rand() < 0.9, setupAndEducationThisPeriod: rand() < 0.2,
    otherPractitionerBillingRpmSamePeriod: rand() < 0.05, rtmBilledSamePeriod: false, deviceFdaMedicalDevice: true, autoTransmission: true,
    patientVideoCapable: rand() < 0.5, practitionerVideoCapable: true, patientConsentsVideo: rand() < 0.7, patientConsentDocumented: true,
    verbalConsentDocumented: true, interpreterInvolved: rand() < 0.1, payerCoversT1013: rand() < 0.5, psychotherapyMinutes: int(10, 60),
    supervision: pick(['direct', 'direct_virtual', 'general']), usualInPersonPos: '11', acuteStroke: false,
  };
  return rand() < 0.05 ? { ...f, patientStatus: undefined } : f;
}

const pool = Array.from({ length: 10_000 }, facts);

function codingRun(n) {
  let billable = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) if (codeEncounter(pool[i % pool.length]).billable) billable++;
  const ms = performance.now() - t0;
  return { ms, perSecond: Math.round((n / ms) * 1000), billable };
}

const address = { line1: '12 Main St', city: 'Havre', state: 'MT', postalCode: '59501' };
const batch = {
  sender: { id: 'SUBMITTER1', name: 'Prairie Telehealth', contactName: 'Billing', contactPhone: '4065550100' },
  receiver: { id: 'CLEARHOUSE', name: 'Clearinghouse' }, interchangeControlNumber: 1, groupControlNumber: 1, usage: 'T',
  createdAt: '2026-11-26T12:00:00Z', billingProvider: { npi: '1245319599', name: 'Prairie Telehealth Group', taxId: '810123456', address },
  claims: Array.from({ length: claimCount }, (_, i) => ({
    claimId: `CLM-${i}`, filingIndicator: 'MB', payer: { name: 'Medicare', id: 'MCR01' },
    subscriber: { memberId: `M${i}`, lastName: 'Tester', firstName: 'Pat', birthDate: '1950-01-01', sex: 'F', address },
    diagnoses: ['I10', 'E119'],
    lines: [{ code: '99213', modifiers: ['93'], pos: '10', units: 1, charge: 110, dateOfService: '2026-03-02', diagnosisPointers: [1, 2] },
      { code: '99454', modifiers: [], pos: '11', units: 1, charge: 48, dateOfService: '2026-03-30', diagnosisPointers: [1] }],
  })),
};

function x12Run() {
  const t0 = performance.now();
  const edi = build837p(batch);
  return { ms: performance.now() - t0, bytes: Buffer.byteLength(edi), edi };
}

log(`warm-up`);
codingRun(200_000);
x12Run();
const coding = Array.from({ length: runs }, () => codingRun(encounters));
const x12 = Array.from({ length: runs }, () => x12Run());
const parsed = new X12Parser(true).parse(x12[0].edi);
const clm = parsed.functionalGroups[0].transactions.reduce((n, t) => n + t.segments.filter((s) => s.tag === 'CLM').length, 0);
if (clm !== claimCount) throw new Error(`node-x12 found ${clm} claims, expected ${claimCount}`);

const result = {
  date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length,
  coding: { encounters, distinctFacts: pool.length, billableShare: coding[0].billable / encounters, msMedian: summary(coding.map((r) => r.ms)).median,
    perSecond: summary(coding.map((r) => r.perSecond)) },
  x12: { claims: claimCount, bytes: x12[0].bytes, ms: summary(x12.map((r) => r.ms)), claimsParsedBack: clm },
};
writeJson(out, result);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
