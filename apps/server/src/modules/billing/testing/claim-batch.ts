/** A claim batch for export tests (fictional people and identifiers). */
import type { Claim, ClaimBatch } from '@telehealth/contracts/billing';

const address = { line1: '12 Main St', city: 'Havre', state: 'MT', postalCode: '59501' } as const;

/** Claim number `i`: a telehealth E/M at home (POS 10) and, every third claim, an RPM line at POS 11. */
export function claimNo(i: number): Claim {
  const lines: Claim['lines'] = [
    { code: '99213', modifiers: ['93'], pos: '10', units: 1, charge: 125.5, dateOfService: '2025-03-10', diagnosisPointers: [1, 2] },
  ];
  if (i % 3 === 0) lines.push({ code: '99454', modifiers: [], pos: '11', units: 1, charge: 48, dateOfService: '2025-03-31', diagnosisPointers: [1] });
  return {
    claimId: `CLM-${i}`,
    filingIndicator: i % 2 ? 'CI' : 'MB',
    subscriber: { memberId: `MBR${1000 + i}`, lastName: 'Tester', firstName: "O'Neil", birthDate: '1950-07-04', sex: 'F', address },
    payer: { name: 'Example Payer', id: 'PAYER01' },
    renderingProvider: { npi: '1234567893', lastName: 'Rivera', firstName: 'Ana' },
    diagnoses: ['I10', 'E119'],
    lines,
  };
}

/** A batch of `n` claims. */
export function claimBatch(n: number, overrides: Partial<ClaimBatch> = {}): ClaimBatch {
  return {
    sender: { id: 'SUBMITTER1', name: 'Prairie Telehealth', contactName: 'Billing Office', contactPhone: '4065550100' },
    receiver: { id: 'CLEARHOUSE', name: 'Example Clearinghouse' },
    interchangeControlNumber: 4217,
    groupControlNumber: 77,
    usage: 'T',
    createdAt: '2026-11-26T15:04:00Z',
    billingProvider: { npi: '1245319599', name: 'Prairie Telehealth Group', taxId: '810123456', address },
    claims: Array.from({ length: n }, (_, i) => claimNo(i + 1)),
    ...overrides,
  };
}
