import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { makeStudy } from '../apps/server/src/modules/imaging/testing/dcmtk.js';
import { launchBrowser, screenshotOnFailure, type TestBrowser } from './support/browser.js';
import { enrolMfa, onboardAdmin, submitSignIn, uniqueAdmin } from './support/flows.js';
import { startServer, type TestServer } from './support/server.js';

const run = promisify(execFile);

/** Calls the API from the signed-in page, as the web app would (session cookie + CSRF token). */
async function apiAs<T>(page: Page, method: string, url: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const res = await fetch(`/api/v1${url}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, url, body },
  );
}

async function signInNew(context: BrowserContext, email: string, password: string, name: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/login');
  await submitSignIn(page, email, password);
  await enrolMfa(page);
  await page.getByRole('heading', { level: 1, name: `Welcome, ${name}` }).waitFor();
  return page;
}

describe('DICOM upload on a case page in Chromium', () => {
  let server: TestServer;
  let browser: TestBrowser;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-dicom-'));

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(new URL(server.setupLink).origin);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('uploads a folder file by file (skipping a non-DICOM file) and a zip, and links each study to its de-identified copy', async () => {
    const adminPage = await (await browser.newContext()).newPage();
    onTestFailed(screenshotOnFailure(adminPage, 'dicom-admin'));
    await onboardAdmin(adminPage, server.setupLink, uniqueAdmin());
    const tag = Math.random().toString(36).slice(2, 8);
    const site = await apiAs<{ id: string }>(adminPage, 'POST', '/sites', { name: `Clinic ${tag}`, kind: 'clinic', timeZone: 'America/Denver', state: 'MT' });
    await apiAs(adminPage, 'POST', '/patients', { siteId: site.id, mrn: `MRN-${tag}`, givenName: 'Harriet', familyName: 'Quimby', birthDate: '1970-05-01', sex: 'female' });
    const gp = { name: `Pat Primary ${tag}`, email: `gp-${tag}@example.test`, password: `gp password ${tag}` };
    await apiAs(adminPage, 'POST', '/users', { ...gp, roles: [{ role: 'clinician', siteId: site.id, specialties: [], languages: [] }] });

    const g = await signInNew(await browser.newContext(), gp.email, gp.password, gp.name);
    onTestFailed(screenshotOnFailure(g, 'dicom-gp'));
    await g.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await g.getByRole('link', { name: 'New case' }).click();
    await g.getByLabel('Patient').selectOption({ label: `Quimby, Harriet (MRN-${tag})` });
    await g.getByLabel('Specialty').selectOption({ label: 'Dermatology' });
    await g.getByRole('button', { name: 'Start the case' }).click();
    await g.getByRole('heading', { name: 'Medical images (DICOM)' }).waitFor();
    const caseId = g.url().split('/').pop()!;

    // a folder as a CD holds it: three slices and a file that is not DICOM
    const folder = path.join(work, 'CD');
    fs.mkdirSync(folder);
    const first = await makeStudy(fs.mkdtempSync(path.join(work, 's1-')), 3);
    first.files.forEach((f, i) => fs.copyFileSync(f, path.join(folder, `IM${i}`)));
    fs.writeFileSync(path.join(folder, 'README.TXT'), 'Viewer instructions');
    await g.getByLabel('Choose DICOM folder').setInputFiles(folder);
    await expect.poll(() => g.locator('li[data-state="done"]').count(), { timeout: 60_000 }).toBe(3);
    await expect.poll(() => g.locator('li[data-state="skipped"]').textContent()).toContain('Not a DICOM file');
    for (const text of await g.locator('li[data-state="done"]').allTextContents()) expect(text).toContain('1 stored');

    // a zip of a second study, sent as one upload and unpacked by the server
    const second = await makeStudy(fs.mkdtempSync(path.join(work, 's2-')), 2);
    const zipDir = fs.mkdtempSync(path.join(work, 'z-'));
    second.files.forEach((f, i) => fs.copyFileSync(f, path.join(zipDir, `slice${i}.dcm`)));
    await run('zip', ['-q', '-r', path.join(work, 'study.zip'), '.'], { cwd: zipDir });
    await g.getByLabel('Choose DICOM zip').setInputFiles(path.join(work, 'study.zip'));
    await expect.poll(() => g.locator('li[data-state="done"]').count(), { timeout: 60_000 }).toBe(4);
    expect(await g.locator('li[data-state="done"]').last().textContent()).toContain('2 stored');

    await expect.poll(() => g.getByRole('link', { name: 'Download de-identified copy (zip)' }).count()).toBe(2);
    const [download] = await Promise.all([g.waitForEvent('download'), g.getByRole('link', { name: 'Download de-identified copy (zip)' }).first().click()]);
    expect(download.suggestedFilename()).toMatch(/^deidentified-[0-9A-F]{8}\.zip$/);
    const saved = path.join(work, 'deid.zip');
    await download.saveAs(saved);
    const listing = (await run('unzip', ['-l', saved])).stdout;
    expect(listing).toContain('manifest.json');
    expect(listing).toMatch(/series-1\/instance-1\.dcm/);
    const c = await apiAs<{ attachments: { kind: string; studyInstanceUid: string | null }[] }>(g, 'GET', `/cases/${caseId}`);
    expect(c.attachments.filter((a) => a.kind === 'dicom_study').map((a) => a.studyInstanceUid).sort()).toEqual([first.studyUid, second.studyUid].sort());
  });
});
