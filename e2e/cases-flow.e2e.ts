import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, screenshotOnFailure, type TestBrowser } from './support/browser.js';
import { apiAs, onboardAdmin, signInNew, uniqueAdmin } from './support/flows.js';
import { startServer, type TestServer } from './support/server.js';

describe('consult routing in Chromium: automatic assignment, notifications, turnaround dashboard', () => {
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser(new URL(server.setupLink).origin);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('assigns a submitted case automatically and shows the specialist the notice, the case and the dashboard', async () => {
    const admin = await (await browser.newContext()).newPage();
    onTestFailed(screenshotOnFailure(admin, 'cases-flow-admin'));
    await onboardAdmin(admin, server.setupLink, uniqueAdmin());
    const tag = Math.random().toString(36).slice(2, 8);
    const site = await apiAs<{ id: string }>(admin, 'POST', '/sites', { name: `Clinic ${tag}`, kind: 'clinic', timeZone: 'America/Denver', state: 'MT' });
    const patient = await apiAs<{ id: string }>(admin, 'POST', '/patients', { siteId: site.id, mrn: `MRN-${tag}`, givenName: 'Harriet', familyName: 'Quimby', birthDate: '1970-05-01', sex: 'female' });
    const gp = { name: `Pat Primary ${tag}`, email: `gp-${tag}@example.test`, password: `gp password ${tag}` };
    const derm = { name: `Dana Derm ${tag}`, email: `derm-${tag}@example.test`, password: `derm password ${tag}` };
    await apiAs(admin, 'POST', '/users', { ...gp, roles: [{ role: 'clinician', siteId: site.id, specialties: [], languages: [] }] });
    await apiAs(admin, 'POST', '/users', { ...derm, roles: [{ role: 'specialist', siteId: null, specialties: ['dermatology'], languages: [] }] });

    // the admin turns on automatic assignment for dermatology on the turnaround page
    await admin.goto('/cases');
    await admin.getByRole('link', { name: 'Turnaround' }).click();
    await admin.getByRole('checkbox', { name: 'dermatology' }).check();
    await expect.poll(async () => (await apiAs<{ items: { specialty: string; autoAssign: boolean }[] }>(admin, 'GET', '/case-queues')).items.find((q) => q.specialty === 'dermatology')?.autoAssign).toBe(true);

    // the referrer submits a complete case: it goes straight to the only dermatologist
    const g = await signInNew(await browser.newContext(), gp.email, gp.password, gp.name);
    const created = await apiAs<{ id: string }>(g, 'POST', '/cases', {
      patientId: patient.id, siteId: site.id, specialty: 'dermatology', urgency: 'urgent', question: 'Benign?',
      history: { lesion_site: 'left forearm', duration: '3 months', evolution: 'growing' }, consent: { given: true, method: 'verbal' },
    });
    const submitted = await apiAs<{ state: string }>(g, 'POST', `/cases/${created.id}/submit`);
    expect(submitted.state).toBe('assigned');

    // the dermatologist sees one unread notice in the header, opens it and reaches the case
    const d = await signInNew(await browser.newContext(), derm.email, derm.password, derm.name);
    onTestFailed(screenshotOnFailure(d, 'cases-flow-derm'));
    await d.getByRole('link', { name: 'Notifications, 1 unread' }).click();
    const notice = d.getByRole('listitem').filter({ hasText: 'A consult was assigned to you' });
    await notice.getByRole('link', { name: 'Open case' }).click();
    await expect.poll(() => d.getByTestId('case-state').textContent()).toBe('Assigned');
    await d.getByRole('link', { name: 'Notifications', exact: true }).waitFor();

    // the turnaround page counts the open case, and the availability switch reaches the server
    await d.goto('/cases/dashboard');
    const row = d.getByRole('table', { name: 'Turnaround per specialty' }).getByRole('row').filter({ hasText: 'dermatology' });
    await expect.poll(() => row.getByRole('cell').nth(1).textContent()).toBe('1');
    await d.getByRole('checkbox', { name: 'I am available for new consults' }).uncheck();
    await expect.poll(async () => (await apiAs<{ available: boolean }>(d, 'GET', '/specialists/me/availability')).available).toBe(false);
  });
});
