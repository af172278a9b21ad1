/**
 * Billing: coding encounters (pure, no patient data: facts carry no identifiers) and building claim exports.
 * Exports carry the subscriber data the caller sent; they are not stored, and each export is audited
 * (`billing.export`, with counts only).
 */
import type { ClaimBatch, CodeRequest, CodeResponse } from '@telehealth/contracts/billing';
import type { Actor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import { toCsv } from './claims-csv.js';
import { codeEncounters } from './coding.js';
import { toFhirClaimBundle } from './fhir-claim.js';
import { build837p } from './x12-837p.js';

export type ExportFormat = '837p' | 'fhir-claim' | 'csv';

export class BillingService {
  constructor(private readonly audit: AuditService) {}

  /**
   * Codes one encounter or an array (the answer has the same shape).
   * @param input - encounter facts, validated against the contract schema.
   */
  code(input: CodeRequest): CodeResponse {
    return codeEncounters(input);
  }

  /**
   * Builds an 837P or CSV export of a claim batch and records it in the audit trail.
   * @param actor - who asked.
   * @param format - 837p (X12 text) or csv.
   * @param batch - the validated claim batch.
   */
  async exportText(actor: Actor, format: '837p' | 'csv', batch: ClaimBatch): Promise<string> {
    const output = format === '837p' ? build837p(batch) : toCsv(batch);
    await this.recordExport(actor, format, batch);
    return output;
  }

  /**
   * Builds a FHIR R4 Bundle of Claims for a batch and records it in the audit trail.
   * @param actor - who asked.
   * @param batch - the validated claim batch.
   */
  async exportFhir(actor: Actor, batch: ClaimBatch): Promise<Record<string, unknown>> {
    const bundle = toFhirClaimBundle(batch);
    await this.recordExport(actor, 'fhir-claim', batch);
    return bundle;
  }

  private recordExport(actor: Actor, format: ExportFormat, batch: ClaimBatch): Promise<void> {
    return this.audit.record({
      action: 'billing.export',
      outcome: 'success',
      actor,
      resourceType: 'claim_batch',
      detail: { format, claims: batch.claims.length, lines: batch.claims.reduce((n, c) => n + c.lines.length, 0) },
    });
  }
}
