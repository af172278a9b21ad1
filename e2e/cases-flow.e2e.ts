import { describe, expect, it, onTestFailed } from 'vitest';
import { screenshotOnFailure } from './support/browser.js';
import { apiAs, createStaff, newClinic, signInNew } from './support/flows.js';
import { browserSuite } from './support/suite.js';

describe('consult routing in Chromium: automatic assignment, notifications, turnaround dashboard', () => {
  const suite = browserSuite();

  it('assigns a submitted case automatically and shows the specialist the notice, the case and the dashboard', async () => {
    const { browser } = suite;
    const clinic = await newClinic(browser, suite.server.setupLink);
    const { admin, tag } = clinic;
    onTestFailed(screenshotOnFailure(admin, 'cases-flow-admin'));
    const patient = await apiAs<{ id: string }>(admin, 'POST', '/patients', { siteId: clinic.siteId, mrn: `MRN-${tag}`, givenName: 'Harriet', familyName: 'Quimby', birthDate: '1970-05-01', sex: 'female' });
    const gp = await createStaff(clinic, { name: 'Pat Primary', login: 'gp', role: 'clinician', siteId: clinic.siteId });
    const derm = await createStaff(clinic, { name: 'Dana Derm', login: 'derm', role: 'specialist', specialties: ['dermatology'] });

    // the admin turns on automatic assignment for dermatology on the turnaround page
    await admin.goto('/cases');
    await admin.getByRole('link', { name: 'Turnaround' }).click();
    await admin.getByRole('checkbox', { name: 'dermatology' }).check();
    await expect.poll(async () => (await apiAs<{ items: { specialty: string; autoAssign: boolean }[] }>(admin, 'GET', '/case-queues')).items.find((q) => q.specialty === 'dermatology')?.autoAssign).toBe(true);

    // the referrer submits a complete case: it goes straight to the only dermatologist
    const g = await signInNew(await browser.newContext(), gp.email, gp.password, gp.name);
    const created = await apiAs<{ id: string }>(g, 'POST', '/cases', {
      patientId: patient.id, siteId: clinic.siteId, specialty: 'dermatology', urgency: 'urgent', question: 'Benign?',
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
