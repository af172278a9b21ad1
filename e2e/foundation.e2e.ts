import { describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotOnFailure } from './support/browser.js';
import { onboardAdmin, readTable, uniqueAdmin } from './support/flows.js';
import { browserSuite } from './support/suite.js';

/**
 * The foundation, end to end in Chromium against the real server: first-run setup from the printed link,
 * sign-in with MFA enrolment, the admin creating a site, a clinician and a patient, and the audit report
 * showing each of those actions. Along the way: no PHI in any URL the browser requests, nothing in web
 * storage, and no script errors or CSP violations.
 */
describe('foundation: setup, sign-in with MFA, directory and audit', () => {
  const suite = browserSuite();

  it('lets a new administrator set up, sign in with MFA, create a site, a clinician and a patient, and audit it', async () => {
    const { server, browser } = suite;
    const context = await browser.newContext();
    const page = await context.newPage();
    onTestFailed(screenshotOnFailure(page, 'foundation'));
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    page.on('framenavigated', (f) => requested.push(f.url()));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text()))
        problems.push(`console: ${m.text()}`);
    });

    const tag = Math.random().toString(36).slice(2, 8);
    const admin = uniqueAdmin();
    const site = { name: `Valley Clinic ${tag}`, timeZone: 'America/Denver', state: 'MT' };
    const clinician = {
      name: `Casey Clinician ${tag}`,
      email: `casey-${tag}@example.test`,
      password: `temporary pass ${tag}`,
    };
    const patient = { given: `Harriet${tag}`, family: `Quimby${tag}`, mrn: `MRN-${tag}`.toUpperCase() };

    await onboardAdmin(page, server.setupLink, admin);

    // ---- a site
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
    await page.getByLabel('Site name').fill(site.name);
    await page.getByLabel('Kind of site').selectOption('clinic');
    await page.getByLabel('Time zone').fill(site.timeZone);
    await page.getByLabel('State').fill(site.state);
    await page.getByRole('button', { name: 'Create site' }).click();
    await page.getByRole('table', { name: 'Sites' }).getByRole('link', { name: site.name }).waitFor();
    const sites = await readTable(page, 'Sites');
    expect(sites).toContainEqual(
      expect.objectContaining({ Name: site.name, 'Time zone': site.timeZone, State: site.state }),
    );

    // ---- a clinician at that site
    await nav(page, 'Users');
    await page.getByRole('heading', { level: 1, name: 'Users and roles' }).waitFor();
    await page.getByLabel('Full name').fill(clinician.name);
    await page.getByLabel('Email').fill(clinician.email);
    await page.getByLabel('Temporary password').fill(clinician.password);
    await page.getByLabel('Role').selectOption('clinician');
    await page.getByLabel('Site').selectOption({ label: site.name });
    // only specialists take specialties and only interpreters languages: the form shows those fields then
    await expect(page.getByLabel('Specialties').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('table', { name: 'Users' }).getByRole('link', { name: clinician.name }).waitFor();
    const users = await readTable(page, 'Users');
    expect(users).toContainEqual(
      expect.objectContaining({
        Name: clinician.name,
        Email: clinician.email,
        'Two-factor': 'Not yet',
        Status: 'Active',
      }),
    );
    expect(users.find((u) => u.Name === clinician.name)?.Roles).toContain(`Clinician at ${site.name}`);

    // ---- a patient at that site, with the clinician on the care team
    await nav(page, 'Patients');
    await page.getByRole('link', { name: 'New patient' }).click();
    await page.getByRole('heading', { level: 1, name: 'New patient' }).waitFor();
    await page.getByLabel('Site').selectOption({ label: site.name });
    await page.getByLabel('MRN').fill(patient.mrn);
    await page.getByLabel('Given name').fill(patient.given);
    await page.getByLabel('Family name').fill(patient.family);
    await page.getByLabel('Date of birth').fill('1948-03-09');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Preferred language').fill('en');
    await page.getByRole('button', { name: 'Create patient' }).click();
    await page.getByRole('heading', { level: 1, name: 'Patient record' }).waitFor();
    await page.getByRole('heading', { level: 2, name: `${patient.family}, ${patient.given}` }).waitFor();
    const patientId = /\/admin\/patients\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname)?.[1];
    expect(patientId, `patient page URL ${page.url()}`).toBeDefined();

    await page.getByLabel('Staff member').selectOption({ label: clinician.name });
    await page.getByRole('button', { name: 'Add to care team' }).click();
    await page.getByRole('button', { name: `Remove ${clinician.name} from the care team` }).waitFor();

    await nav(page, 'Patients');
    await page
      .getByRole('table', { name: 'Patients' })
      .getByRole('link', { name: `${patient.family}, ${patient.given}` })
      .waitFor();

    // ---- the audit report shows what happened
    await nav(page, 'Audit report');
    await page.getByRole('heading', { level: 1, name: 'Audit report' }).waitFor();
    await page.getByRole('table', { name: 'Audit events, newest first' }).waitFor();
    const events = await readTable(page, 'Audit events, newest first');
    const successful = (action: string) =>
      events.filter((e) => e.Action === action && e.Outcome === 'Success');
    for (const action of [
      'setup.complete',
      'auth.login',
      'auth.mfa.enrol',
      'site.create',
      'user.create',
      'patient.create',
    ]) {
      expect(
        successful(action),
        `a successful ${action} row in ${JSON.stringify(events.map((e) => e.Action))}`,
      ).not.toHaveLength(0);
    }
    for (const action of ['site.create', 'user.create', 'patient.create']) {
      expect(successful(action)[0]?.User, `${action} is attributed to the admin`).toBe(admin.name);
    }
    expect(successful('patient.create')[0]?.['Patient id']).toBe(patientId);

    // the filters narrow the report (server-side)
    await page.getByLabel('Action').fill('patient.create');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(async () => (await readTable(page, 'Audit events, newest first')).map((e) => e.Action))
      .toEqual(['patient.create']);

    // the CSV export downloads a file with the same rows
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-.*\.csv$/);
    const csvPath = await download.path();
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(csvPath, 'utf8');
    expect(csv).toContain('patient.create');
    expect(csv).not.toContain('site.create');

    // ---- privacy and hygiene
    const phi = [patient.given, patient.family, patient.mrn].map((s) => s.toLowerCase());
    for (const url of requested) {
      const lowered = decodeURIComponent(url).toLowerCase();
      for (const value of phi) expect(lowered, `PHI in a URL: ${url}`).not.toContain(value);
    }
    const storage = await page.evaluate(() => ({
      local: window.localStorage.length,
      session: window.sessionStorage.length,
    }));
    expect(storage).toEqual({ local: 0, session: 0 });
    const cookies = await context.cookies();
    for (const c of cookies) expect(c.httpOnly, `cookie ${c.name} is httpOnly`).toBe(true);
    expect(problems).toEqual([]);
  }, 180_000);
});

/** Follows a link in the admin navigation. */
async function nav(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name }).click();
}
