import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { makeStudy } from '../apps/server/src/modules/imaging/testing/dcmtk.js';
import { screenshotOnFailure } from './support/browser.js';
import { apiAs, createStaff, newClinic, signInNew } from './support/flows.js';
import { browserSuite } from './support/suite.js';

/**
 * Sends DICOM files to the case with STOW-RS (DICOM PS3.18 §10.5) from the signed-in page: one
 * `multipart/related; type="application/dicom"` request, attached on arrival by `?case=`.
 */
async function stowToCase(page: Page, caseId: string, files: Buffer[]): Promise<number> {
  return page.evaluate(
    async ({ caseId, parts }) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const boundary = 'e2e-stow-boundary';
      const enc = new TextEncoder();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      for (const b64 of parts) {
        chunks.push(enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), enc.encode('\r\n'));
      }
      chunks.push(enc.encode(`--${boundary}--\r\n`));
      const res = await fetch(`/dicomweb/studies?case=${encodeURIComponent(caseId)}`, {
        method: 'POST',
        headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`, 'x-csrf-token': session.csrfToken, accept: 'application/dicom+json' },
        body: new Blob(chunks),
      });
      return res.status;
    },
    { caseId, parts: files.map((f) => f.toString('base64')) },
  );
}

const SCRIPT = '<img src=x onerror="window.__xss=1">Hyperdense crescentic collection';

describe('radiology read with a critical result in Chromium', () => {
  const suite = browserSuite();
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'radiology-e2e-'));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the radiologist flags a critical finding on a CT study, the referrer acknowledges it, the radiologist sees who and when', async () => {
    const { browser } = suite;
    const clinic = await newClinic(browser, suite.server.setupLink, { name: 'ED', kind: 'hospital' });
    const { admin, tag, siteId } = clinic;
    onTestFailed(screenshotOnFailure(admin, 'radiology-admin'));
    const patient = await apiAs<{ id: string }>(admin, 'POST', '/patients', { siteId, mrn: `MRN-${tag}`, givenName: 'Walter', familyName: 'Ostrom', birthDate: '1948-02-11', sex: 'male' });
    const gp = await createStaff(clinic, { name: 'Eddie Emergency', login: 'ed', role: 'clinician', siteId });
    const rad = await createStaff(clinic, { name: 'Rita Radiologist', login: 'rad', role: 'specialist', specialties: ['radiology'] });

    // the referrer starts a radiology case, sends the CT study (made with dcmtk) by STOW-RS, and submits
    const g = await signInNew(await browser.newContext(), gp.email, gp.password, gp.name);
    onTestFailed(screenshotOnFailure(g, 'radiology-referrer'));
    const created = await apiAs<{ id: string }>(g, 'POST', '/cases', {
      patientId: patient.id, siteId, specialty: 'radiology', urgency: 'stat', question: 'Intracranial bleed after a fall?',
      history: { clinical_indication: 'Fall, on warfarin, GCS 14', modality: 'ct', body_part: 'Head' }, consent: { given: true, method: 'verbal' },
    });
    const study = await makeStudy(dir, 2, { modality: 'CT', patientId: `MRN-${tag}` });
    expect(await stowToCase(g, created.id, await Promise.all(study.files.map((f) => readFile(f))))).toBe(200);
    const attached = await apiAs<{ attachments: { kind: string; studyInstanceUid: string | null }[] }>(g, 'GET', `/cases/${created.id}`);
    expect(attached.attachments.filter((a) => a.kind === 'dicom_study').map((a) => a.studyInstanceUid)).toEqual([study.studyUid]);
    await apiAs(g, 'POST', `/cases/${created.id}/submit`);

    // the radiologist claims the case, sees the study, and signs a report with a critical finding
    const r = await signInNew(await browser.newContext(), rad.email, rad.password, rad.name);
    onTestFailed(screenshotOnFailure(r, 'radiology-radiologist'));
    await r.goto(`/cases/${created.id}`);
    await r.getByRole('button', { name: 'Claim this case' }).click();
    await expect.poll(() => r.getByTestId('case-state').textContent()).toBe('Assigned');
    await expect.poll(() => r.getByTestId('case-study').textContent()).toContain(study.studyUid);
    await r.getByLabel('Technique').fill('Non-contrast CT head, 5 mm axial');
    await r.getByLabel('Comparison').fill('None');
    await r.getByLabel('Findings').fill(SCRIPT);
    await r.getByLabel('Impression').fill('Acute left subdural haematoma with 6 mm midline shift');
    await r.getByLabel('Outcome').selectOption({ label: 'Recommend an urgent visit' });
    await r.getByRole('checkbox', { name: /contains a critical result/ }).check();
    await r.getByLabel('Critical finding').fill('Acute subdural haematoma with midline shift');
    await r.getByRole('button', { name: 'Sign the report' }).click();
    await expect.poll(() => r.getByTestId('case-state').textContent()).toBe('Report ready');
    await expect.poll(() => r.getByTestId('critical-banner').textContent()).toContain('awaiting acknowledgement by the referrer');

    // the referrer has the critical notice, opens the case, and sees the banner until they acknowledge it
    await g.goto('/notifications');
    const notice = g.getByRole('listitem').filter({ hasText: 'Critical result on a consult' });
    await notice.getByRole('link', { name: 'Open case' }).click();
    const banner = g.getByTestId('critical-banner');
    await expect.poll(() => banner.textContent()).toContain('Critical result: acknowledge now');
    expect(await banner.getByTestId('critical-finding').textContent()).toBe('Acute subdural haematoma with midline shift');
    // the findings (with markup in them) are shown as text, never run
    await expect.poll(() => g.getByText(SCRIPT, { exact: true }).count()).toBe(1);
    expect(await g.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await g.locator('.report img').count()).toBe(0);
    await banner.getByRole('button', { name: 'Acknowledge critical result' }).click();
    await expect.poll(() => g.getByTestId('critical-banner').count()).toBe(0);
    await expect.poll(() => g.getByTestId('critical-acknowledged').textContent()).toContain(`acknowledged by ${gp.name}`);

    // the radiologist sees who acknowledged it
    await r.reload();
    await expect.poll(() => r.getByTestId('critical-acknowledged').textContent()).toContain(`acknowledged by ${gp.name}`);
    expect(await r.getByTestId('critical-banner').count()).toBe(0);
  });
});
