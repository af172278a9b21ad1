/**
 * Exports: the 837P is parsed back with an independent X12 parser (node-x12) and its envelope, counts and
 * control numbers checked; FHIR R4 Claim and CSV shapes.
 */
import { describe, expect, it } from 'vitest';
import { X12Parser, type X12Interchange } from 'node-x12';
import { toCsv } from './claims-csv.js';
import { toFhirClaimBundle } from './fhir-claim.js';
import { claimBatch } from './testing/claim-batch.js';
import { build837p } from './x12-837p.js';

const parse = (edi: string): X12Interchange => new X12Parser(true).parse(edi) as X12Interchange;
const els = (s: { elements: { value: string }[] }): string[] => s.elements.map((e) => e.value);

describe('X12 837P 005010X222A1', () => {
  it('parses with node-x12 and has consistent envelope counts and control numbers', () => {
    const batch = claimBatch(7, { interchangeControlNumber: 905, groupControlNumber: 31 });
    const edi = build837p(batch, 3);
    const ix = parse(edi);
    const isa = edi.split('~')[0]!.split('*');
    expect(isa[0]).toBe('ISA');
    expect(isa.slice(1).join('*').length + 4).toBe(105); // ISA is fixed width: 106 characters with the terminator
    expect(isa[13]).toBe('000000905'); // ISA13, nine digits
    expect(Number(els(ix.header)[12])).toBe(905); // node-x12 normalises the control number
    expect(els(ix.header)[14]).toBe('T'); // ISA15 usage
    expect(els(ix.trailer)).toEqual(['1', els(ix.header)[12]]); // IEA01 groups, IEA02 = ISA13
    const [group] = ix.functionalGroups;
    expect(ix.functionalGroups).toHaveLength(1);
    expect(els(group!.header)[0]).toBe('HC');
    expect(els(group!.header)[7]).toBe('005010X222A1');
    expect(group!.transactions).toHaveLength(3); // 3 + 3 + 1 claims
    expect(els(group!.trailer)).toEqual(['3', '31']); // GE01 = number of ST, GE02 = GS06
    let claims = 0;
    group!.transactions.forEach((t, i) => {
      const st = els(t.header);
      expect(st).toEqual(['837', String(i + 1).padStart(4, '0'), '005010X222A1']);
      // SE01 = segments from ST to SE inclusive; SE02 = ST02
      expect(els(t.trailer)).toEqual([String(t.segments.length + 2), st[1]]);
      claims += t.segments.filter((s) => s.tag === 'CLM').length;
    });
    expect(claims).toBe(7);
  });

  it('writes claim POS in CLM05, SV1 HC:code:modifiers, line POS only when it differs, DTP*472 and pointers', () => {
    const edi = build837p(claimBatch(3));
    const segments = parse(edi).functionalGroups[0]!.transactions[0]!.segments;
    const byTag = (tag: string) => segments.filter((s) => s.tag === tag).map(els);
    expect(byTag('CLM')[2]).toEqual(['CLM-3', '173.5', '', '', '10:B:1', 'Y', 'A', 'Y', 'Y']);
    expect(byTag('SV1')).toContainEqual(['HC:99213:93', '125.5', 'UN', '1', '', '', '1:2']);
    expect(byTag('SV1')).toContainEqual(['HC:99454', '48', 'UN', '1', '11', '', '1']);
    expect(byTag('DTP')[0]).toEqual(['472', 'D8', '20250310']);
    expect(byTag('HI')[0]).toEqual(['ABK:I10', 'ABF:E119']);
    expect(byTag('SBR')[0]).toEqual(['P', '18', '', '', '', '', '', '', 'CI']);
    expect(byTag('NM1').some((e) => e[0] === 'IL' && e[2] === 'TESTER' && e[3] === "O'NEIL")).toBe(true);
    const hl = byTag('HL');
    expect(hl[0]).toEqual(['1', '', '20', '1']);
    expect(hl.slice(1).map((e) => e[1])).toEqual(['1', '1', '1']); // subscriber HLs point at the billing provider
  });

  it('is reproducible: the same batch gives the same bytes', () => {
    expect(build837p(claimBatch(20))).toBe(build837p(claimBatch(20)));
  });
});

describe('FHIR R4 Claim', () => {
  it('has CPT and HCPCS systems, modifiers, POS, quantity and servicedDate', () => {
    const bundle = toFhirClaimBundle(claimBatch(3)) as { resourceType: string; entry: { resource: Record<string, unknown> }[] };
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry).toHaveLength(3);
    const claim = bundle.entry[2]!.resource as { resourceType: string; item: Record<string, unknown>[]; diagnosis: unknown[]; total: unknown; patient: unknown };
    expect(claim.resourceType).toBe('Claim');
    expect(claim.patient).toEqual({ reference: '#patient' });
    expect(claim.item[0]).toMatchObject({
      productOrService: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '99213' }] },
      modifier: [{ coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '93' }] }],
      locationCodeableConcept: { coding: [{ code: '10' }] },
      quantity: { value: 1 },
      servicedDate: '2025-03-10',
      diagnosisSequence: [1, 2],
    });
    expect(claim.diagnosis[1]).toMatchObject({ diagnosisCodeableConcept: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'E11.9' }] } });
    expect(claim.total).toEqual({ value: 173.5, currency: 'USD' });
    const g = toFhirClaimBundle(claimBatch(1, { claims: [{ ...claimBatch(1).claims[0]!, lines: [{ code: 'G2010', modifiers: ['GP'], pos: '11', units: 1, charge: 20, dateOfService: '2025-01-02', diagnosisPointers: [1] }] }] }));
    expect(JSON.stringify(g)).toContain('"system":"https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets","code":"G2010"');
  });
});

describe('CSV', () => {
  it('writes one row per line with a header and no patient names', () => {
    const csv = toCsv(claimBatch(3));
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe('claim_id,line,date_of_service,code,modifiers,pos,units,charge,diagnosis_pointers,diagnoses');
    expect(rows).toHaveLength(1 + 4);
    expect(rows[4]).toBe('CLM-3,2,2025-03-31,99454,,11,1,48.00,1,I10 E119');
    expect(csv).not.toContain('Tester');
  });
});
