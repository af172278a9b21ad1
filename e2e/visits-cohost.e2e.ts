import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, screenshotOnFailure, type TestBrowser } from './support/browser.js';
import { startCoturn, type TestTurn } from './support/coturn.js';
import { onboardAdmin, uniqueAdmin } from './support/flows.js';
import { startServer, type TestServer } from './support/server.js';
import { apiAs, expectAllLinksFlowing, joinByLink, poll, signInNewStaff } from './support/visits.js';

/**
 * A second clinician (a platform user in a third browser profile) invited into a running visit: they find the
 * invitation on their Visits page, join with their own signed-in session (no link, no token), see and hear the
 * others over the relay, are made co-host by the host, admit a waiting guest from their own screen and write a
 * note that the patient never sees.
 */
describe('video visit: a clinician invited by account joins, becomes co-host and admits a guest (relay only)', () => {
  let turn: TestTurn;
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    turn = await startCoturn();
    process.env.TURN_URLS = turn.url;
    process.env.TURN_SECRET = turn.secret;
    process.env.TURN_RELAY_ONLY = 'true';
    server = await startServer();
    browser = await launchBrowser(new URL(server.setupLink).origin);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await turn?.stop();
    delete process.env.TURN_URLS;
    delete process.env.TURN_SECRET;
    delete process.env.TURN_RELAY_ONLY;
  }, 60_000);

  it('invites a second clinician into the running call, promotes them, and they admit the waiting guest', async () => {
    const host = await (await browser.newContext()).newPage();
    onTestFailed(screenshotOnFailure(host, 'cohost-host'));
    await onboardAdmin(host, server.setupLink, uniqueAdmin());
    const tag = Math.random().toString(36).slice(2, 8);
    const site = await apiAs<{ id: string }>(host, 'POST', '/sites', { name: `Clinic ${tag}`, kind: 'clinic', timeZone: 'America/Denver', state: 'MT' });
    const patient = await apiAs<{ id: string }>(host, 'POST', '/patients', {
      siteId: site.id, mrn: `MRN-${tag}`, givenName: 'Harriet', familyName: 'Quimby', birthDate: '1970-05-01', sex: 'female',
    });
    const doc = { name: `Sam Specialist ${tag}`, email: `sam-${tag}@example.test`, password: `sam password ${tag}` };
    await apiAs(host, 'POST', '/users', { ...doc, roles: [{ role: 'clinician', siteId: site.id, specialties: [], languages: [] }] });
    const visit = await apiAs<{ id: string }>(host, 'POST', '/visits', { patientId: patient.id, siteId: site.id, scheduledStart: null, durationMinutes: 30, reason: 'Chest pain' });
    const ptInv = await apiAs<{ joinUrl: string }>(host, 'POST', `/visits/${visit.id}/invitations`, { kind: 'patient', sendEmail: false });

    // the second clinician signs in in their own browser profile (before the call loads the machine)
    const clin = await signInNewStaff(await browser.newContext(), doc.email, doc.password, doc.name);
    onTestFailed(screenshotOnFailure(clin, 'cohost-clinician'));

    // a running visit: host and patient in a call
    await host.goto(`/visits/${visit.id}/room`);
    await host.getByText('Nobody is waiting.').waitFor();
    const pt = await joinByLink(browser, ptInv.joinUrl, 'cohost-patient');
    await host.getByRole('button', { name: 'Admit' }).click();
    await expectAllLinksFlowing(pt, 1);

    // the host invites the second clinician from the room
    await host.getByLabel('Clinician to invite').selectOption({ label: doc.name });
    await host.getByRole('button', { name: 'Invite', exact: true }).click();
    await poll(() => host.getByTestId('invite-clinician-result').textContent()).toContain('is invited');

    // the clinician (signed in in their own browser) finds the invitation and joins with their session
    await clin.goto('/visits');
    await clin.getByTestId('visit-invitation').waitFor();
    await clin.getByRole('link', { name: 'Join visit' }).click();
    await poll(() => clin.getByTestId('call-status').textContent()).toBe('Visit in progress');
    // admitted on connecting (invited by account): media with the host and the patient
    await expectAllLinksFlowing(clin, 2);
    await expectAllLinksFlowing(pt, 2);
    // not yet co-host: no Admit button on their screen, and no notes
    expect(await clin.getByRole('region', { name: 'Visit notes' }).count()).toBe(0);

    // the host promotes them
    await host.getByRole('button', { name: 'Make co-host' }).click();
    await clin.getByTestId('cohost-badge').waitFor();
    await host.getByRole('button', { name: 'Remove co-host' }).waitFor();

    // a family member waits; the co-host admits them from their own screen
    const guestInv = await apiAs<{ joinUrl: string }>(host, 'POST', `/visits/${visit.id}/invitations`, { kind: 'guest', displayName: 'Daughter', sendEmail: false });
    const guest = await joinByLink(browser, guestInv.joinUrl, 'cohost-guest');
    await clin.getByTestId('waiting-participant').waitFor();
    await clin.getByRole('button', { name: 'Admit' }).click();
    // four people: every browser decodes the other three
    for (const page of [guest, clin, host, pt]) await expectAllLinksFlowing(page, 3, 60_000);

    // the co-host writes a note during the call; the patient's and guest's screens have no notes
    await clin.getByRole('textbox', { name: 'Note' }).fill('Troponin pending; agree with admission.');
    await clin.getByRole('button', { name: 'Add note' }).click();
    await poll(() => clin.getByTestId('visit-notes').textContent()).toContain('Troponin pending');
    expect(await pt.getByRole('region', { name: 'Visit notes' }).count()).toBe(0);
    expect(await guest.getByRole('region', { name: 'Visit notes' }).count()).toBe(0);

    // the timeline says who promoted whom and who admitted the guest
    type Detail = { participants: { id: string; kind: string; userId: string | null; cohostAt: string | null }[]; timeline: { kind: string; participantId: string | null; detail: { by?: string; cohost?: boolean } }[] };
    const record = await apiAs<Detail>(host, 'GET', `/visits/${visit.id}`);
    const clinician = record.participants.find((p) => p.kind === 'clinician')!;
    const guestP = record.participants.find((p) => p.kind === 'guest')!;
    expect(clinician.cohostAt).not.toBeNull();
    expect(record.timeline.some((e) => e.kind === 'cohost' && e.participantId === clinician.id && e.detail.cohost === true)).toBe(true);
    expect(record.timeline.find((e) => e.kind === 'admit' && e.participantId === guestP.id)?.detail.by).toBe(clinician.id);

    // only the host ends the visit; afterwards the notes page shows the co-host's note to the host
    await host.getByRole('button', { name: 'End visit' }).click();
    await guest.getByTestId('visit-over').waitFor();
    await host.goto(`/visits/${visit.id}/notes`);
    await poll(() => host.getByTestId('visit-notes').textContent()).toContain('Troponin pending');
  }, 240_000);
});
