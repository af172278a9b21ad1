import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, screenshotOnFailure, type TestBrowser } from './support/browser.js';
import { startCoturn, type TestTurn } from './support/coturn.js';
import { onboardAdmin, uniqueAdmin } from './support/flows.js';
import { startServer, type TestServer } from './support/server.js';
import { apiAs, expectAllLinksFlowing, expectMediaFlowing, joinByLink, poll, stats } from './support/visits.js';

/**
 * A video visit in real Chromium, relay-only through a real coturn on loopback: the patient opens the link,
 * consents, checks devices and waits (pre-connected, sending nothing); the clinician admits; both sides decode
 * video and receive audio through the relay; chat works both ways.
 */
describe('video visit: link → consent → device check → waiting room → admit → call (relay only)', () => {
  let turn: TestTurn;
  let server: TestServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    turn = await startCoturn();
    // startServer passes the environment on to the server process.
    process.env.TURN_URLS = turn.url;
    process.env.TURN_SECRET = turn.secret;
    process.env.TURN_RELAY_ONLY = 'true';
    process.env.SIGNAL_HEARTBEAT_SECONDS = '2'; // find the offline patient's dead socket quickly
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
    delete process.env.SIGNAL_HEARTBEAT_SECONDS;
  }, 60_000);

  it('connects a patient without an account to the clinician, with video, audio and chat both ways', async () => {
    const host = await (await browser.newContext()).newPage();
    onTestFailed(screenshotOnFailure(host, 'visits-host'));
    const admin = uniqueAdmin();
    await onboardAdmin(host, server.setupLink, admin);
    const site = await apiAs<{ id: string }>(host, 'POST', '/sites', { name: 'Valley Clinic', kind: 'clinic', timeZone: 'America/Denver', state: 'MT' });
    const patient = await apiAs<{ id: string }>(host, 'POST', '/patients', {
      siteId: site.id, mrn: 'MRN-1', givenName: 'Harriet', familyName: 'Quimby', birthDate: '1970-05-01', sex: 'female',
    });
    const visit = await apiAs<{ id: string }>(host, 'POST', '/visits', { patientId: patient.id, siteId: site.id, scheduledStart: null, durationMinutes: 20, reason: 'Rash' });

    // The clinician invites the patient from the day list and copies the link.
    await host.goto('/visits');
    await host.getByRole('button', { name: 'Invite patient' }).click();
    const joinUrl = await host.getByTestId('join-link').inputValue();
    expect(joinUrl).toMatch(/\/join#[A-Za-z0-9_-]{43}$/);
    await host.getByRole('link', { name: 'Open room' }).click();
    await host.getByText('Nobody is waiting.').waitFor();

    const requested: string[] = [];
    const pt = await joinByLink(browser, joinUrl, 'visits-patient');
    pt.on('request', (r) => requested.push(r.url()));

    // Pre-connected while waiting, but no media before admission.
    await host.getByTestId('waiting-participant').waitFor();
    await poll(async () => Object.keys(await stats(pt)).length).toBe(1);
    expect(Object.values(await stats(pt))[0]!.framesDecoded).toBe(0);
    expect(Object.values(await stats(host))[0]!.framesDecoded).toBe(0);

    await host.getByRole('button', { name: 'Admit' }).click();
    await expectMediaFlowing(pt);
    await expectMediaFlowing(host);

    await pt.getByLabel('Chat message').fill('Can you see the rash?');
    await pt.getByRole('button', { name: 'Send' }).click();
    await poll(() => host.getByTestId('chat-log').textContent()).toContain('Can you see the rash?');
    await host.getByLabel('Chat message').fill('Yes, clearly.');
    await host.getByRole('button', { name: 'Send' }).click();
    await poll(() => pt.getByTestId('chat-log').textContent()).toContain('Yes, clearly.');

    // Screen share: the patient shares a screen (getDisplayMedia; the fake UI picks one) on the pre-negotiated
    // third transceiver; the clinician's side shows it and decodes its frames.
    await pt.getByRole('button', { name: 'Share screen' }).click();
    await host.getByTestId('remote-screen').waitFor();
    const screenFrames = async () => Object.values(await stats(host))[0]!.screenFramesDecoded;
    await poll(screenFrames, 20_000).toBeGreaterThan(0);
    const sharedSoFar = await screenFrames();
    await poll(screenFrames).toBeGreaterThan(sharedSoFar);
    await pt.getByRole('button', { name: 'Stop sharing' }).click();
    await poll(() => host.getByTestId('remote-screen').count()).toBe(0);

    // Device switching during the call: another microphone goes out by replaceTrack; audio keeps arriving.
    const mics = await pt.getByLabel('Microphone').locator('option').allTextContents();
    expect(mics.length).toBeGreaterThan(1);
    await pt.getByLabel('Microphone').selectOption({ label: mics[1]! });
    const sentMic = () =>
      pt.evaluate(() => {
        const links = (window as unknown as { telehealthCall: { links: Map<string, { pc: RTCPeerConnection }> } }).telehealthCall.links;
        return [...links.values()][0]?.pc.getSenders().find((x) => x.track?.kind === 'audio')?.track?.label ?? null;
      });
    await poll(sentMic).toBe(mics[1]);
    const audioBefore = Object.values(await stats(host))[0]!.audioPackets;
    await poll(async () => Object.values(await stats(host))[0]!.audioPackets).toBeGreaterThan(audioBefore + 20);

    // The patient's network goes away and comes back: the server's heartbeat finds the socket dead, the clinician
    // sees "reconnecting" and the visit goes reconnecting; back online, the socket resumes the same participant
    // without re-admission and the network change restarts ICE; frames flow again.
    const timeline = async () => (await apiAs<{ status: string; timeline: { kind: string; detail: { to?: string } }[] }>(host, 'GET', `/visits/${visit.id}`)).timeline;
    const status = async () => (await apiAs<{ status: string }>(host, 'GET', `/visits/${visit.id}`)).status;
    const hostRestarts = async () => Object.values(await stats(host))[0]!.iceRestarts;
    await pt.context().setOffline(true);
    await host.getByTestId('peer-reconnecting').waitFor();
    await poll(status).toBe('reconnecting');
    await pt.context().setOffline(false);
    await poll(() => pt.evaluate(() => (window as unknown as { telehealthCall: { state: { connection: string } } }).telehealthCall.state.connection), 20_000).toBe('open');
    await poll(async () => (await timeline()).some((e) => e.kind === 'reconnect')).toBe(true);
    await poll(hostRestarts, 20_000).toBeGreaterThan(0);
    await poll(() => host.getByTestId('peer-reconnecting').count()).toBe(0);
    await poll(() => host.getByTestId('call-status').textContent()).toBe('Visit in progress');
    await expectMediaFlowing(host);
    await expectMediaFlowing(pt);

    // Audio only is recorded on the visit (billing needs it).
    await pt.getByRole('button', { name: 'Audio only' }).click();
    await poll(async () => (await timeline()).some((e) => e.kind === 'modality' && e.detail.to === 'audio_only')).toBe(true);

    await host.getByRole('button', { name: 'End visit' }).click();
    await pt.getByTestId('visit-over').waitFor();
    const record = await apiAs<{ status: string; timeline: { kind: string }[]; durations: { patientAndClinicianMs: number; audioOnlyMs: number } }>(host, 'GET', `/visits/${visit.id}`);
    expect(record.status).toBe('ended');
    expect(record.durations.patientAndClinicianMs).toBeGreaterThan(0);
    expect(record.durations.audioOnlyMs).toBeGreaterThan(0);
    expect(record.timeline.filter((e) => e.kind === 'admit').length).toBe(2); // host + patient: no re-admission
    expect(record.timeline.some((e) => e.kind === 'reconnect')).toBe(true);
    // The token travelled in the fragment only: no request URL carried it.
    const token = joinUrl.split('#')[1]!;
    expect(requested.filter((u) => u.includes(token))).toEqual([]);

    // A third participant: the host invites an interpreter into a running visit; all three see and hear each other.
    const visit2 = await apiAs<{ id: string }>(host, 'POST', '/visits', { patientId: patient.id, siteId: site.id, scheduledStart: null, durationMinutes: 20, reason: 'Follow-up' });
    const ptInv = await apiAs<{ joinUrl: string }>(host, 'POST', `/visits/${visit2.id}/invitations`, { kind: 'patient', sendEmail: false });
    await host.goto(`/visits/${visit2.id}/room`);
    await host.getByText('Nobody is waiting.').waitFor();
    const pt2 = await joinByLink(browser, ptInv.joinUrl, 'visits-patient-2');
    await host.getByRole('button', { name: 'Admit' }).click();
    await expectAllLinksFlowing(pt2, 1);
    const itInv = await apiAs<{ joinUrl: string }>(host, 'POST', `/visits/${visit2.id}/invitations`, { kind: 'interpreter', displayName: 'Spanish interpreter', sendEmail: false });
    const interpreter = await joinByLink(browser, itInv.joinUrl, 'visits-interpreter');
    await host.getByRole('button', { name: 'Admit' }).click();
    await expectAllLinksFlowing(interpreter, 2);
    await expectAllLinksFlowing(pt2, 2);
    await expectAllLinksFlowing(host, 2);
    await host.getByRole('button', { name: 'End visit' }).click();
    await interpreter.getByTestId('visit-over').waitFor();
  }, 180_000);
});
