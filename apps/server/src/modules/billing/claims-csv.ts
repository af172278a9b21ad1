/**
 * Claim lines as CSV (RFC 4180), one row per service line. No names, member ids or birth dates: the rows
 * identify claims by claim id only.
 */
import type { ClaimBatch } from '@telehealth/contracts/billing';

export const CSV_COLUMNS = ['claim_id', 'line', 'date_of_service', 'code', 'modifiers', 'pos', 'units', 'charge', 'diagnosis_pointers', 'diagnoses'] as const;

/** RFC 4180 quoting; a leading = + - @ is neutralised so spreadsheets do not run it as a formula. */
function cell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** The batch as CSV text with a header row and CRLF line ends. */
export function toCsv(b: ClaimBatch): string {
  const rows: string[] = [CSV_COLUMNS.join(',')];
  for (const c of b.claims) {
    c.lines.forEach((l, i) => {
      rows.push([c.claimId, i + 1, l.dateOfService, l.code, l.modifiers.join(' '), l.pos, l.units, l.charge.toFixed(2), l.diagnosisPointers.join(' '), c.diagnoses.join(' ')].map(cell).join(','));
    });
  }
  return `${rows.join('\r\n')}\r\n`;
}
