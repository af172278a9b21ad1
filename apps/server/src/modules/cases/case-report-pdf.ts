import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { CaseReport, CaseTemplate, CriticalResult, Outcome, TemplateField } from '@telehealth/contracts/cases';

/** What the PDF of a signed consult report shows (docs/cases.md). Patient identifiers only for the referring side. */
export interface ReportPdfInput {
  caseId: string;
  template: CaseTemplate;
  urgency: string;
  siteName: string;
  referrerName: string;
  submittedAt: Date | null;
  question: string;
  patient: { name: string; mrn: string; birthDate: string; sex: string } | null;
  /** Every signed version, oldest first; the last one is the report in force. */
  reports: CaseReport[];
  /** Critical results flagged on the report versions, with their acknowledgement (docs/cases.md). */
  criticalResults?: CriticalResult[];
  generatedAt: Date;
}

const OUTCOME_LABEL: Record<Outcome, string> = {
  answered_no_visit_needed: 'Answered: no visit needed',
  recommend_visit: 'Visit recommended',
  recommend_urgent_visit: 'Urgent visit recommended',
  retake_requested: 'New images requested (retake)',
};

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 50;
const SIZE = { title: 16, heading: 12, body: 10 };

/** Formats a timestamp as "2026-01-15 14:00 UTC": one unambiguous zone for a record another system files. */
export function utc(d: Date | string): string {
  const iso = (typeof d === 'string' ? new Date(d) : d).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function scalarText(field: TemplateField, v: unknown): string {
  if (v === null || v === undefined || v === '') return '-';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return field.unit ? `${v} ${field.unit}` : String(v);
  if (typeof v === 'string') return field.options?.find((o) => o.value === v)?.label ?? v;
  return JSON.stringify(v);
}

/** One field's value as lines of text: option labels, units, Yes/No, and one line per eye for `perEye` fields. */
export function fieldLines(field: TemplateField, v: unknown): string[] {
  if (field.perEye && v && typeof v === 'object' && !Array.isArray(v)) {
    const eyes = v as Record<string, unknown>;
    return [`Right eye: ${scalarText(field, eyes.right)}`, `Left eye: ${scalarText(field, eyes.left)}`];
  }
  if (Array.isArray(v)) return [v.length ? v.map((x) => scalarText(field, x)).join(', ') : '-'];
  return scalarText(field, v).split('\n');
}

/**
 * A page writer: keeps a cursor, wraps text to the page width and starts a new page when one is full.
 * Standard fonts encode WinAnsi only; any other character is written as "?" rather than failing the export.
 */
class Writer {
  private page: PDFPage;
  private y = 0;
  private readonly encodable: Set<number>;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
  ) {
    this.encodable = new Set(font.getCharacterSet());
    this.page = this.newPage();
  }

  private newPage(): PDFPage {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
    return this.page;
  }

  private clean(text: string): string {
    return [...text.replace(/[\t\r\f\v]/g, ' ')].map((c) => (this.encodable.has(c.codePointAt(0)!) ? c : '?')).join('');
  }

  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of this.clean(text).split('\n')) {
      let line = '';
      for (const word of paragraph.split(' ')) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
        else {
          lines.push(line);
          line = word;
        }
        // a single word wider than the line (a long identifier) is cut where it overflows
        while (font.widthOfTextAtSize(line, size) > width && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > width) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      lines.push(line);
    }
    return lines;
  }

  text(text: string, opts: { size?: number; bold?: boolean; indent?: number; gap?: number } = {}): void {
    const size = opts.size ?? SIZE.body;
    const font = opts.bold ? this.bold : this.font;
    const x = MARGIN + (opts.indent ?? 0);
    for (const line of this.wrap(text, font, size, A4.width - MARGIN - x)) {
      if (this.y - size < MARGIN) this.newPage();
      this.y -= size * 1.3;
      this.page.drawText(line, { x, y: this.y, size, font, color: rgb(0, 0, 0) });
    }
    this.y -= opts.gap ?? 0;
  }

  heading(text: string): void {
    this.y -= 8;
    this.text(text, { size: SIZE.heading, bold: true, gap: 2 });
  }

  pair(label: string, value: string): void {
    this.text(`${label}:`, { bold: true });
    this.text(value, { indent: 12 });
  }
}

function writeReport(w: Writer, template: CaseTemplate, report: CaseReport): void {
  const outcome = OUTCOME_LABEL[report.outcome] + (report.timeFrame ? ` (${report.timeFrame})` : '');
  w.pair('Outcome', outcome);
  for (const field of template.reportFields) {
    const v = report.fields[field.key];
    if (v === undefined) continue;
    w.text(`${field.label}:`, { bold: true });
    for (const line of fieldLines(field, v)) w.text(line, { indent: 12 });
  }
  w.pair('Signed by', `${report.signedByName}, ${utc(report.signedAt)}`);
}

/** Each critical result: the finding, who flagged it, and who acknowledged it when (or that nobody has yet). */
function writeCritical(w: Writer, results: readonly CriticalResult[]): void {
  if (results.length === 0) return;
  w.heading('Critical results');
  for (const r of results) {
    w.text(`Version ${r.reportVersion}: ${r.finding}`, { bold: true });
    w.text(`Flagged by ${r.flaggedByName}, ${utc(r.flaggedAt)}`, { indent: 12 });
    const ack = r.acknowledgedAt ? `Acknowledged by ${r.acknowledgedByName ?? ''}, ${utc(r.acknowledgedAt)}` : 'Not acknowledged yet';
    w.text(ack + (r.escalatedAt ? ` (escalated ${utc(r.escalatedAt)})` : ''), { indent: 12 });
  }
}

/**
 * Renders the signed report of a consult as a PDF for the referrer's own record system: the case, the
 * patient's identifiers (when given), the report in force with the template's labels, its signer and
 * signing time, and every amendment with its reason. No scripts, forms or attachments are embedded.
 */
export async function renderReportPdf(input: ReportPdfInput): Promise<Uint8Array> {
  const current = input.reports.at(-1);
  if (!current) throw new Error('a report PDF needs a signed report');
  const doc = await PDFDocument.create();
  doc.setTitle('Consult report');
  doc.setProducer('Telehealth platform');
  doc.setCreationDate(input.generatedAt);
  doc.setModificationDate(input.generatedAt);
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));

  w.text(`Consult report: ${input.template.title}`, { size: SIZE.title, bold: true, gap: 6 });
  w.pair('Case', input.caseId);
  w.pair('Referred by', `${input.referrerName}, ${input.siteName}`);
  w.pair('Urgency', input.urgency);
  if (input.submittedAt) w.pair('Submitted', utc(input.submittedAt));
  if (input.patient) {
    w.heading('Patient');
    w.pair('Name', input.patient.name);
    w.pair('MRN', input.patient.mrn);
    w.pair('Date of birth', input.patient.birthDate);
    w.pair('Sex', input.patient.sex);
  }
  w.heading('Clinical question');
  w.text(input.question || '-');
  w.heading(current.version > 1 ? `Report (version ${current.version}, amended)` : 'Report');
  writeReport(w, input.template, current);
  writeCritical(w, input.criticalResults ?? []);
  const amendments = input.reports.filter((r) => r.amendmentReason !== null);
  if (amendments.length) {
    w.heading('Amendments');
    for (const a of amendments) {
      w.text(`Version ${a.version}, ${utc(a.signedAt)}, by ${a.signedByName}`, { bold: true });
      w.text(`Reason: ${a.amendmentReason ?? ''}`, { indent: 12 });
    }
    w.heading('Superseded versions');
    for (const r of input.reports.slice(0, -1)) {
      w.text(`Version ${r.version}`, { bold: true, gap: 2 });
      writeReport(w, input.template, r);
    }
  }
  w.text(`Generated ${utc(input.generatedAt)}`, { size: 8, gap: 0 });
  return doc.save();
}
