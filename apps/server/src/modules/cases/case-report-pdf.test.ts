import { spawnSync } from 'node:child_process';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { CaseReport, CaseTemplate, TemplateField } from '@telehealth/contracts/cases';
import { fieldLines, renderReportPdf, utc } from './case-report-pdf.js';

const TEMPLATE: CaseTemplate = {
  specialty: 'general',
  title: 'General eConsult',
  version: 1,
  historyFields: [],
  views: [],
  reportFields: [{ key: 'assessment', label: 'Assessment', type: 'longtext', required: true }],
};

function report(assessment: string): CaseReport {
  return {
    version: 1,
    outcome: 'answered_no_visit_needed',
    timeFrame: null,
    fields: { assessment },
    amendmentReason: null,
    signedBy: '00000000-0000-4000-8000-000000000001',
    signedByName: 'Dr. Signer',
    signedAt: '2026-01-15T14:00:00.000Z',
  };
}

const input = (assessment: string) => ({
  caseId: '00000000-0000-4000-8000-0000000000aa',
  template: TEMPLATE,
  urgency: 'routine',
  siteName: 'Clinic',
  referrerName: 'Dr. Referrer',
  submittedAt: null,
  question: 'Q',
  patient: null,
  reports: [report(assessment)],
  generatedAt: new Date('2026-01-16T00:00:00Z'),
});

describe('report PDF rendering', () => {
  it('formats per-eye, option, unit and yes/no values from the template', () => {
    const select: TemplateField = { key: 'dr', label: 'DR', type: 'select', perEye: true, options: [{ value: 'pdr', label: 'Proliferative DR' }] };
    expect(fieldLines(select, { right: 'pdr', left: null })).toEqual(['Right eye: Proliferative DR', 'Left eye: -']);
    expect(fieldLines({ key: 'n', label: 'N', type: 'number', unit: 'months' }, 6)).toEqual(['6 months']);
    expect(fieldLines({ key: 'b', label: 'B', type: 'boolean' }, false)).toEqual(['No']);
    expect(fieldLines({ key: 't', label: 'T', type: 'longtext' }, 'one\ntwo')).toEqual(['one', 'two']);
    expect(utc('2026-01-15T14:05:59.000Z')).toBe('2026-01-15 14:05 UTC');
  });

  it('breaks long text onto further pages and cuts a word wider than the page', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `Sentence ${i} of the assessment.`).join('\n') + '\nEND' + 'Z'.repeat(400);
    const pdf = await renderReportPdf(input(long));
    expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThan(3);
    const text = spawnSync('pdftotext', ['-', '-'], { input: Buffer.from(pdf) }).stdout.toString();
    expect(text).toContain('Sentence 399 of the assessment.');
    expect(text.replace(/\s+/g, '')).toContain('END' + 'Z'.repeat(400));
  });

  it('refuses to render without a signed report', async () => {
    await expect(renderReportPdf({ ...input('x'), reports: [] })).rejects.toThrow('signed report');
  });
});
