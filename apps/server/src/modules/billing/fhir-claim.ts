/**
 * FHIR R4 `Claim` resources (http://hl7.org/fhir/R4/claim.html), one per claim, in a `collection` Bundle.
 * The patient, coverage, payer and provider are contained resources; CPT and HCPCS codes carry their own
 * systems; the place of service goes in `item.locationCodeableConcept`.
 */
import type { Claim, ClaimBatch } from '@telehealth/contracts/billing';

const CPT = 'http://www.ama-assn.org/go/cpt';
const HCPCS = 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets';
const POS = 'https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set';
const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
const NPI = 'http://hl7.org/fhir/sid/us-npi';

/** CPT codes are five digits or four digits and a letter (Category II/III); HCPCS Level II start with a letter. */
export const codeSystem = (code: string): string => (/^[0-9]{4}[0-9A-Z]$/.test(code) ? CPT : HCPCS);
/** CPT modifiers are two digits; letter modifiers (GP, FQ, G0, …) are HCPCS Level II modifiers. */
const modifierSystem = (m: string): string => (/^[0-9]{2}$/.test(m) ? CPT : HCPCS);
const dotted = (icd: string): string => (icd.length > 3 ? `${icd.slice(0, 3)}.${icd.slice(3)}` : icd);
const GENDER = { M: 'male', F: 'female', U: 'unknown' } as const;
const money = (value: number) => ({ value: Math.round(value * 100) / 100, currency: 'USD' });

function contained(c: Claim, b: ClaimBatch): Record<string, unknown>[] {
  const s = c.subscriber;
  return [
    { resourceType: 'Patient', id: 'patient', name: [{ family: s.lastName, given: [s.firstName] }], birthDate: s.birthDate, gender: GENDER[s.sex],
      address: [{ line: [s.address.line1], city: s.address.city, state: s.address.state, postalCode: s.address.postalCode }] },
    { resourceType: 'Organization', id: 'payer', name: c.payer.name, identifier: [{ value: c.payer.id }] },
    { resourceType: 'Organization', id: 'provider', name: b.billingProvider.name, identifier: [{ system: NPI, value: b.billingProvider.npi }] },
    { resourceType: 'Coverage', id: 'coverage', status: 'active', subscriberId: s.memberId, beneficiary: { reference: '#patient' }, payor: [{ reference: '#payer' }] },
  ];
}

/** One FHIR R4 Claim for one claim of the batch. */
export function toFhirClaim(c: Claim, b: ClaimBatch): Record<string, unknown> {
  return {
    resourceType: 'Claim',
    id: c.claimId,
    contained: contained(c, b),
    status: 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
    use: 'claim',
    patient: { reference: '#patient' },
    created: b.createdAt,
    provider: { reference: '#provider' },
    priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }] },
    insurance: [{ sequence: 1, focal: true, coverage: { reference: '#coverage' } }],
    diagnosis: c.diagnoses.map((d, i) => ({ sequence: i + 1, diagnosisCodeableConcept: { coding: [{ system: ICD10CM, code: dotted(d) }] } })),
    item: c.lines.map((l, i) => ({
      sequence: i + 1,
      diagnosisSequence: l.diagnosisPointers,
      productOrService: { coding: [{ system: codeSystem(l.code), code: l.code }] },
      ...(l.modifiers.length ? { modifier: l.modifiers.map((m) => ({ coding: [{ system: modifierSystem(m), code: m }] })) } : {}),
      servicedDate: l.dateOfService,
      locationCodeableConcept: { coding: [{ system: POS, code: l.pos }] },
      quantity: { value: l.units },
      net: money(l.charge),
    })),
    total: money(c.lines.reduce((sum, l) => sum + l.charge, 0)),
  };
}

/** A `collection` Bundle with one Claim per claim of the batch. */
export function toFhirClaimBundle(b: ClaimBatch): Record<string, unknown> {
  return { resourceType: 'Bundle', type: 'collection', entry: b.claims.map((c) => ({ resource: toFhirClaim(c, b) })) };
}
