import type { BillingEncounter } from '@telehealth/contracts/billing-queue';
import type { ClaimLine, CodingResult, EncounterFacts } from '@telehealth/contracts/billing';
import type { EncounterRow } from './encounters.repo.js';

/** The lines that will be claimed: the edited ones, or else the engine's proposal. */
export function claimedLines(row: Pick<EncounterRow, 'result' | 'editedLines'>): ClaimLine[] {
  return (row.editedLines as ClaimLine[] | null) ?? (row.result as CodingResult).lines;
}

export function toEncounterDto(row: EncounterRow): BillingEncounter {
  const facts = row.facts as EncounterFacts;
  return {
    id: row.id,
    sourceKind: row.sourceKind as BillingEncounter['sourceKind'],
    sourceId: row.sourceId,
    patientId: row.patientId,
    siteId: row.siteId,
    serviceDate: row.serviceDate,
    serviceType: facts.serviceType ?? null,
    state: row.state as BillingEncounter['state'],
    facts,
    sources: row.sources as Record<string, string>,
    attestation: row.attestation as BillingEncounter['attestation'],
    claimDetails: (row.claimDetails as BillingEncounter['claimDetails']) ?? null,
    proposed: row.result as CodingResult,
    lines: claimedLines(row),
    edited: row.editedLines !== null,
    holdReason: row.holdReason,
    exportedAt: row.exportedAt?.toISOString() ?? null,
    exportFormat: row.exportFormat,
  };
}
