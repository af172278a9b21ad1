import { Value } from 'typebox/value';
import { ClaimBatch, type Claim } from '@telehealth/contracts/billing';
import type { ClaimDetails, EncounterExport } from '@telehealth/contracts/billing-queue';
import type { Patient } from '@telehealth/contracts/identity';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import type { PatientsService } from '../patients/patients.service.js';
import type { BillingService } from './billing.service.js';
import { claimedLines } from './encounter-dto.js';
import type { EncountersService } from './encounters.service.js';
import type { EncounterRow } from './encounters.repo.js';

export interface ExportOutput {
  contentType: string;
  fileName: string;
  body: string | Record<string, unknown>;
}

const OUTPUT = {
  '837p': { contentType: 'application/edi-x12', fileName: 'claims-837p.x12' },
  'fhir-claim': { contentType: 'application/fhir+json', fileName: 'claims-fhir.json' },
  csv: { contentType: 'text/csv; charset=utf-8', fileName: 'claims.csv' },
} as const;

/** X12 text allows a small character set (contracts ClaimBatch): accents are dropped, anything else becomes a space. */
function x12Name(s: string): string {
  const plain = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9 .,'&/-]/g, ' ').replace(/\s+/g, ' ').trim();
  return /^[A-Za-z0-9]/.test(plain) ? plain.slice(0, 35) : `X${plain}`.slice(0, 35);
}

const SEX: Record<string, 'M' | 'F' | 'U'> = { male: 'M', female: 'F' };

/**
 * Exports selected encounters of the queue as one claim batch (837P, FHIR Claim bundle or CSV) through the
 * existing exporters, then marks them exported. The subscriber's name, birth date and sex come from the patient
 * record (an audited read); coverage and diagnoses from the encounter's claim details.
 */
export class EncounterExportService {
  constructor(
    private readonly clock: Clock,
    private readonly deps: { encounters: EncountersService; billing: BillingService; patients: PatientsService },
  ) {}

  async export(actor: Actor, input: EncounterExport): Promise<ExportOutput> {
    const rows = await this.deps.encounters.forExport(actor, input.encounterIds);
    this.assertExportable(rows);
    const claims: Claim[] = [];
    for (const row of rows) claims.push(this.claimOf(row, await this.deps.patients.get(actor, row.patientId), input));
    const batch = { ...input.envelope, createdAt: new Date(this.clock()).toISOString(), claims };
    if (!Value.Check(ClaimBatch, batch)) {
      const errors = [...Value.Errors(ClaimBatch, batch)].slice(0, 10).map((e) => ({ path: e.instancePath, message: e.message }));
      throw new AppError('BILLING_CLAIM_INCOMPLETE', 'The claims do not form a valid batch.', { errors });
    }
    const body = input.format === 'fhir-claim' ? await this.deps.billing.exportFhir(actor, batch) : await this.deps.billing.exportText(actor, input.format, batch);
    if (input.markExported !== false) await this.deps.encounters.markExported(actor, rows, input.format);
    return { ...OUTPUT[input.format], body };
  }

  private assertExportable(rows: readonly EncounterRow[]): void {
    const notReady = rows.filter((r) => r.state !== 'ready');
    if (notReady.length) throw new AppError('BILLING_ENCOUNTER_STATE', 'Only ready encounters can be exported (not held, not already exported).', { errors: notReady.map((r) => ({ path: `/encounterIds/${r.id}`, message: r.state })) });
    const errors: { path: string; message: string }[] = [];
    for (const r of rows) {
      const lines = claimedLines(r);
      if (!r.claimDetails) errors.push({ path: `/encounterIds/${r.id}`, message: 'claim details (coverage and diagnoses) are missing' });
      if (lines.length === 0) errors.push({ path: `/encounterIds/${r.id}`, message: 'no lines to claim' });
      if (lines.some((l) => l.pos === null)) errors.push({ path: `/encounterIds/${r.id}`, message: 'institutional lines (837I) cannot go on a professional claim' });
    }
    if (errors.length) throw new AppError('BILLING_CLAIM_INCOMPLETE', undefined, { errors });
  }

  private claimOf(row: EncounterRow, patient: Patient, input: EncounterExport): Claim {
    const details = row.claimDetails as ClaimDetails;
    const pointers = details.diagnoses.slice(0, 4).map((_, i) => i + 1);
    return {
      claimId: row.id,
      filingIndicator: details.filingIndicator,
      subscriber: { memberId: details.memberId, lastName: x12Name(patient.familyName), firstName: x12Name(patient.givenName), birthDate: patient.birthDate, sex: SEX[patient.sex] ?? 'U', address: details.address },
      payer: { name: details.payerName, id: details.payerId },
      diagnoses: details.diagnoses,
      lines: claimedLines(row).map((l) => ({
        code: l.code,
        modifiers: l.modifiers,
        pos: l.pos ?? '',
        units: l.units,
        charge: Math.round((input.charges?.[l.code] ?? input.defaultCharge) * l.units * 100) / 100,
        dateOfService: row.serviceDate,
        diagnosisPointers: pointers,
      })),
    };
  }
}
