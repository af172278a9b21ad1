/**
 * ASC X12 837 Professional, implementation guide 005010X222A1: one interchange (ISA/IEA) with one functional
 * group (GS/GE, GS01 = HC) holding one transaction set (ST/SE) per up to 5,000 claims (the guide's
 * recommended maximum of CLM segments per transaction). Loops: 1000A submitter, 1000B receiver,
 * 2000A/2010AA billing provider, 2000B/2010BA subscriber (patient = subscriber, SBR02 = 18),
 * 2010BB payer, 2300 claim (CLM05 place of service, HI diagnoses), 2310B rendering provider,
 * 2400 service lines (LX, SV1 with HC:code:modifiers and line-level POS when it differs, DTP*472).
 */
import type { Claim, ClaimBatch } from '@telehealth/contracts/billing';

/** Delimiters: element *, component :, repetition ^, segment ~ (ISA11, ISA16). */
const SEG = '~\n';
/** The recommended maximum of claims per transaction set (005010X222A1 §1.4.4 / 2300 loop repeat). */
export const MAX_CLAIMS_PER_TRANSACTION = 5000;

const seg = (...elements: (string | number)[]): string => elements.join('*');
const amount = (n: number): string => String(Math.round(n * 100) / 100);
const upper = (s: string): string => s.toUpperCase();
const ccyymmdd = (isoDate: string): string => isoDate.slice(0, 10).replaceAll('-', '');

function stamp(createdAt: string): { date8: string; date6: string; time: string } {
  const iso = new Date(createdAt).toISOString();
  const date8 = ccyymmdd(iso);
  return { date8, date6: date8.slice(2), time: iso.slice(11, 16).replace(':', '') };
}

function interchangeHeader(b: ClaimBatch, date6: string, time: string): string {
  return seg(
    'ISA', '00', ' '.repeat(10), '00', ' '.repeat(10),
    'ZZ', upper(b.sender.id).padEnd(15), 'ZZ', upper(b.receiver.id).padEnd(15),
    date6, time, '^', '00501', String(b.interchangeControlNumber).padStart(9, '0'), '0', b.usage, ':',
  );
}

function claimSegments(c: Claim, hl: number): string[] {
  const total = c.lines.reduce((sum, l) => sum + l.charge, 0);
  const claimPos = c.lines[0]?.pos ?? '11';
  const s: string[] = [
    seg('HL', hl, 1, 22, 0),
    seg('SBR', 'P', '18', '', '', '', '', '', '', c.filingIndicator),
    seg('NM1', 'IL', '1', upper(c.subscriber.lastName), upper(c.subscriber.firstName), '', '', '', 'MI', upper(c.subscriber.memberId)),
    seg('N3', upper(c.subscriber.address.line1)),
    seg('N4', upper(c.subscriber.address.city), c.subscriber.address.state, c.subscriber.address.postalCode),
    seg('DMG', 'D8', ccyymmdd(c.subscriber.birthDate), c.subscriber.sex),
    seg('NM1', 'PR', '2', upper(c.payer.name), '', '', '', '', 'PI', upper(c.payer.id)),
    seg('CLM', upper(c.claimId), amount(total), '', '', `${claimPos}:B:1`, 'Y', 'A', 'Y', 'Y'),
    seg('HI', ...c.diagnoses.map((d, i) => `${i === 0 ? 'ABK' : 'ABF'}:${d}`)),
  ];
  if (c.renderingProvider) {
    const r = c.renderingProvider;
    s.push(seg('NM1', '82', '1', upper(r.lastName), upper(r.firstName), '', '', '', 'XX', r.npi));
  }
  c.lines.forEach((l, i) => {
    s.push(seg('LX', i + 1));
    const procedure = ['HC', l.code, ...l.modifiers].join(':');
    s.push(seg('SV1', procedure, amount(l.charge), 'UN', l.units, l.pos === claimPos ? '' : l.pos, '', l.diagnosisPointers.join(':')));
    s.push(seg('DTP', '472', 'D8', ccyymmdd(l.dateOfService)));
  });
  return s;
}

function transactionSet(b: ClaimBatch, claims: readonly Claim[], index: number, when: { date8: string; time: string }): string[] {
  const control = String(index).padStart(4, '0');
  const p = b.billingProvider;
  const body: string[] = [
    seg('ST', '837', control, '005010X222A1'),
    seg('BHT', '0019', '00', `${b.interchangeControlNumber}-${index}`, when.date8, when.time, 'CH'),
    seg('NM1', '41', '2', upper(b.sender.name), '', '', '', '', '46', upper(b.sender.id)),
    seg('PER', 'IC', upper(b.sender.contactName), 'TE', b.sender.contactPhone),
    seg('NM1', '40', '2', upper(b.receiver.name), '', '', '', '', '46', upper(b.receiver.id)),
    seg('HL', 1, '', 20, 1),
    seg('NM1', '85', '2', upper(p.name), '', '', '', '', 'XX', p.npi),
    seg('N3', upper(p.address.line1)),
    seg('N4', upper(p.address.city), p.address.state, p.address.postalCode),
    seg('REF', 'EI', p.taxId),
  ];
  claims.forEach((c, i) => body.push(...claimSegments(c, i + 2)));
  // SE01 counts every segment of the transaction set, ST and SE included.
  body.push(seg('SE', body.length + 1, control));
  return body;
}

/**
 * Builds the 837P batch file. Deterministic: the creation time and control numbers come from the batch.
 * @param batch - the validated claim batch (contracts/billing.ts `ClaimBatch`).
 * @param perTransaction - claims per ST/SE transaction set.
 */
export function build837p(batch: ClaimBatch, perTransaction = MAX_CLAIMS_PER_TRANSACTION): string {
  const when = stamp(batch.createdAt);
  const icn = String(batch.interchangeControlNumber).padStart(9, '0');
  const out: string[] = [
    interchangeHeader(batch, when.date6, when.time),
    seg('GS', 'HC', upper(batch.sender.id), upper(batch.receiver.id), when.date8, when.time, batch.groupControlNumber, 'X', '005010X222A1'),
  ];
  let sets = 0;
  for (let start = 0; start < batch.claims.length; start += perTransaction) {
    sets++;
    out.push(...transactionSet(batch, batch.claims.slice(start, start + perTransaction), sets, when));
  }
  out.push(seg('GE', sets, batch.groupControlNumber), seg('IEA', 1, icn));
  return out.join(SEG) + SEG;
}
