import { readFile } from 'node:fs/promises';
import { describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotOnFailure } from './support/browser.js';
import { apiAs, createStaff, newClinic, signInNew } from './support/flows.js';
import { browserSuite } from './support/suite.js';

const state = (page: Page) => page.getByTestId('case-state').textContent();
const HOSTILE = '<script>window.__summaryXss = 1</script><img src=x onerror="window.__summaryXss = 2">';

describe('after the report in Chromium: patient summary, amendment, PDF and the follow-up visit', () => {
  const suite = browserSuite();

  it('specialist signs, approves a summary and amends; the referrer sees the amendment, downloads the PDF and schedules the visit', async () => {
    const { browser } = suite;
    const clinic = await newClinic(browser, suite.server.setupLink);
    const { admin, tag } = clinic;
    onTestFailed(screenshotOnFailure(admin, 'cases-outputs-admin'));
    const patient = await apiAs<{ id: string }>(admin, 'POST', '/patients', {
      siteId: clinic.siteId, mrn: `MRN-${tag}`, givenName: 'Harriet', familyName: 'Quimby', birthDate: '1970-05-01', sex: 'female', email: `harriet-${tag}@example.test`,
    });
    const gp = await createStaff(clinic, { name: 'Pat Primary', login: 'gp', role: 'clinician', siteId: clinic.siteId });
    const derm = await createStaff(clinic, { name: 'Dana Derm', login: 'derm', role: 'specialist', specialties: ['dermatology'] });

    // the case is set up through the API: created, submitted and claimed
    const g = await signInNew(await browser.newContext(), gp.email, gp.password, gp.name);
    onTestFailed(screenshotOnFailure(g, 'cases-outputs-gp'));
    const { id: caseId } = await apiAs<{ id: string }>(g, 'POST', '/cases', {
      patientId: patient.id, siteId: clinic.siteId, specialty: 'dermatology', question: 'Atypical naevus?',
      history: { lesion_site: 'left forearm', duration: '3 months', evolution: 'growing' }, consent: { given: true, method: 'verbal' },
    });
    await apiAs(g, 'POST', `/cases/${caseId}/submit`);
    const d = await signInNew(await browser.newContext(), derm.email, derm.password, derm.name);
    onTestFailed(screenshotOnFailure(d, 'cases-outputs-derm'));
    await apiAs(d, 'POST', `/cases/${caseId}/claim`);
    const dialogs: string[] = [];
    for (const p of [d, g]) {
      p.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
    }

    // ---- the dermatologist signs a report recommending a visit
    await d.goto(`/cases/${caseId}`);
    await d.getByLabel(/^Diagnosis/).fill('Atypical naevus');
    await d.getByLabel(/^Management/).fill('Excision biopsy at a visit');
    await d.getByLabel(/^Biopsy needed/).selectOption('yes');
    await d.getByLabel(/^In-person visit needed/).selectOption('yes');
    await d.getByLabel('Outcome').selectOption('recommend_visit');
    await d.getByLabel('Time frame').fill('within 4 weeks');
    await d.getByRole('button', { name: 'Sign the report' }).click();
    await expect.poll(() => state(d)).toBe('Report ready');

    // ---- the plain-language summary starts from the report; saved as a draft, then approved and the patient emailed
    const summary = d.getByLabel('Summary for the patient (plain language)');
    await expect.poll(() => summary.inputValue()).toContain('The specialist recommends a visit');
    expect(await summary.inputValue()).toContain('Management: Excision biopsy at a visit');
    const text = `A skin specialist looked at your photos. Please book a visit within 4 weeks for a small biopsy. ${HOSTILE}`;
    await summary.fill(text);
    const approve = d.getByRole('button', { name: 'Approve the summary' });
    expect(await approve.isDisabled()).toBe(true); // unsaved text is never approved
    await d.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(() => d.getByTestId('summary-version').first().textContent()).toContain('draft');
    await d.getByRole('checkbox', { name: 'Email the patient that it is ready' }).check();
    await approve.click();
    await expect.poll(() => d.getByTestId('summary-version').first().textContent()).toMatch(/approved .*patient notified/);

    // ---- the dermatologist amends the report; the button waits for a reason
    await d.getByLabel('Time frame').fill('within 2 weeks');
    const signAmendment = d.getByRole('button', { name: 'Sign the amendment' });
    expect(await signAmendment.isDisabled()).toBe(true);
    await d.getByLabel('Reason for the amendment').fill('Dermoscopy re-read: sooner');
    await signAmendment.click();
    await d.getByTestId('report-amended').waitFor();

    // ---- the referrer is told in the app, sees the amended report in force and the earlier version
    await g.goto('/notifications');
    await g.getByText('A consult report was amended').waitFor();
    await g.goto(`/cases/${caseId}`);
    await g.getByTestId('report-amended').waitFor();
    const inForce = g.getByRole('article', { name: 'Report in force' });
    await expect.poll(() => inForce.textContent()).toContain('within 2 weeks');
    expect(await inForce.textContent()).toContain('Version 2');
    const amendments = await g.getByRole('list', { name: 'Amendments' }).textContent();
    expect(amendments).toContain('Dermoscopy re-read: sooner');
    expect(amendments).toContain(derm.name);
    const earlier = g.locator('details.report[data-version="1"]');
    await earlier.getByText('Earlier version 1 (superseded)').click();
    await expect.poll(() => earlier.textContent()).toContain('within 4 weeks');

    // ---- the approved summary is shown to the referrer as text, never run as markup
    await expect.poll(() => g.getByTestId('approved-summary').textContent()).toBe(text);
    expect(await g.getByTestId('approved-summary').locator('script, img').count()).toBe(0);
    expect(await g.evaluate(() => (window as unknown as { __summaryXss?: number }).__summaryXss)).toBeUndefined();
    expect(await g.getByText(/the patient was emailed a sign-in notice/).count()).toBe(1);
    expect(await g.getByText('The report was amended after this summary was approved.').count()).toBe(1);

    // ---- the report PDF downloads as a PDF
    const [download] = await Promise.all([g.waitForEvent('download'), g.getByRole('link', { name: 'Download the report (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`consult-report-${caseId}.pdf`);
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // ---- the referrer schedules the recommended video visit inside the suggested window
    await g.getByRole('button', { name: 'Schedule video visit' }).click();
    const form = g.getByRole('form', { name: 'Schedule video visit' });
    await expect.poll(() => form.textContent()).toContain('Suggested window');
    expect(await form.getByLabel('Start').inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
    await form.getByRole('button', { name: 'Schedule the video visit' }).click();
    const followUp = g.getByTestId('follow-up');
    await expect.poll(() => followUp.textContent()).toContain('Video visit');

    // ---- the visit shows the consult it came from, and links back to it
    await followUp.getByRole('link', { name: 'Open the visit' }).click();
    await expect.poll(() => g.getByTestId('visit-status').textContent()).toBe('scheduled');
    const back = g.getByRole('link', { name: 'the specialist consult' });
    expect(await back.getAttribute('href')).toBe(`/cases/${caseId}`);
    await back.click();
    await expect.poll(() => state(g)).toBe('Report ready');
    expect(dialogs).toEqual([]);
  });
});
