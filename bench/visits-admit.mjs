// @ts-check
/* global window, document -- the functions passed to page.evaluate run in Chromium */
/**
 * Admit-to-first-remote-frame for video visits, in headless Chromium on loopback (issue 3 benchmark):
 *   app      the patient opens the link, consents, passes the device check and waits (pre-connected: ICE + DTLS done,
 *            media withheld); from the clinician's Admit click to the first decoded remote frame on BOTH sides.
 *   join     page open → waiting room shown (no human delays; the clicks are automated as soon as possible).
 *   baseline a bare two-page WebRTC call (no application, in-memory signalling): first getUserMedia call → first
 *            decoded frame on both sides. Runs interleaved with the app runs, in the same browser.
 * Writes bench/results/visits-admit.json.
 *
 * Usage: node bench/visits-admit.mjs [--runs 20] [--out file]
 */
import path from 'node:path';
import { ROOT, arg, cleanupAll, installCleanupHandlers, masterKey, onCleanup, tempDir, startServer, writeJson } from './lib/harness.mjs';
import { armFirstFrame, bareCall, launch, signedInAdmin } from './visits-browser.mjs';

const argv = process.argv.slice(2);
const runs = Number(arg(argv, 'runs', '20'));
const out = path.resolve(ROOT, arg(argv, 'out', 'bench/results/visits-admit.json'));
/** @param {string} msg */
const log = (msg) => process.stderr.write(`[visits-admit] ${msg}\n`);

/** @param {number[]} xs */
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (/** @type {number} */ q) => /** @type {number} */ (s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]);
  return { n: s.length, median: Math.round(at(0.5)), p90: Math.round(at(0.9)), min: Math.round(s[0] ?? 0), max: Math.round(s[s.length - 1] ?? 0) };
}

/**
 * One app run: host room open, patient through link → consent → device check → waiting room, both pre-connected;
 * then Admit. @param {import('playwright-core').Browser} browser
 */
async function appRun(browser, /** @type {string} */ url, /** @type {{ cookie: string, call: Function }} */ admin, /** @type {{ site: string, patient: string }} */ ids) {
  const visit = await admin.call('POST', '/visits', { patientId: ids.patient, siteId: ids.site, scheduledStart: null, durationMinutes: 20, reason: 'Bench' });
  const inv = await admin.call('POST', `/visits/${visit.id}/invitations`, { kind: 'patient', sendEmail: false });
  const hostCtx = await browser.newContext({ baseURL: url });
  const [name, value] = admin.cookie.split('=');
  await hostCtx.addCookies([{ name: /** @type {string} */ (name), value: /** @type {string} */ (value), url }]);
  const host = await hostCtx.newPage();
  await host.goto(`/visits/${visit.id}/room`);
  await host.getByText('Nobody is waiting.').waitFor();
  const ptCtx = await browser.newContext({ baseURL: url });
  const pt = await ptCtx.newPage();
  await pt.goto(inv.joinUrl);
  await pt.getByLabel('I agree to a telehealth visit').check();
  await pt.getByRole('button', { name: 'Continue' }).click();
  await pt.getByRole('button', { name: 'Go to the waiting room' }).click({ timeout: 20_000 });
  await pt.getByTestId('waiting-status').waitFor();
  const joinMs = await pt.evaluate(() => performance.now());
  await Promise.all([armFirstFrame(host), armFirstFrame(pt)]);
  const clicked = await host.evaluate(() => {
    const button = /** @type {HTMLButtonElement} */ ([...document.querySelectorAll('button')].find((b) => b.textContent === 'Admit'));
    const t = performance.timeOrigin + performance.now();
    button.click();
    return t;
  });
  const [h, p] = await Promise.all([host.evaluate(() => /** @type {any} */ (window).firstFrameAt), pt.evaluate(() => /** @type {any} */ (window).firstFrameAt)]);
  await host.getByRole('button', { name: 'End visit' }).click();
  await hostCtx.close();
  await ptCtx.close();
  return { both: Math.max(h, p) - clicked, host: h - clicked, patient: p - clicked, joinMs };
}

async function main() {
  installCleanupHandlers();
  const dataDir = tempDir('bench-visits-');
  const server = await startServer({ env: { TELEHEALTH_DATA_DIR: dataDir, TELEHEALTH_MASTER_KEY: masterKey(), NODE_ENV: 'test' } });
  await server.waitReady();
  const token = /setup#token=([A-Za-z0-9_-]+)/.exec(server.output())?.[1];
  if (!token) throw new Error(`no setup link printed:\n${server.output()}`);
  const admin = await signedInAdmin(server.url, token);
  const site = await admin.call('POST', '/sites', { name: 'Bench Clinic', kind: 'clinic', timeZone: 'America/Denver', state: 'MT' });
  const patient = await admin.call('POST', '/patients', { siteId: site.id, mrn: 'B-1', givenName: 'Bench', familyName: 'Patient', birthDate: '1970-01-01', sex: 'unknown' });
  const browser = await launch();
  onCleanup('chromium', () => browser.close(), () => undefined);
  /** @type {{ both: number, host: number, patient: number, joinMs: number }[]} */
  const app = [];
  /** @type {number[]} */
  const bare = [];
  await appRun(browser, server.url, admin, { site: site.id, patient: patient.id }); // warm-up
  await bareCall(browser, server.url);
  for (let i = 0; i < runs; i++) {
    app.push(await appRun(browser, server.url, admin, { site: site.id, patient: patient.id }));
    bare.push(await bareCall(browser, server.url));
    log(`run ${i + 1}/${runs}: admit→frames ${Math.round(app[i]?.both ?? 0)} ms, bare call ${Math.round(bare[i] ?? 0)} ms`);
  }
  const result = {
    date: new Date().toISOString(),
    runs,
    admitToFirstFrameBothSides: stats(app.map((r) => r.both)),
    admitToFirstFrameHost: stats(app.map((r) => r.host)),
    admitToFirstFramePatient: stats(app.map((r) => r.patient)),
    pageOpenToWaitingRoom: stats(app.map((r) => r.joinMs)),
    bareCallGetUserMediaToFirstFrame: stats(bare),
  };
  writeJson(out, result);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

main()
  .catch((err) => {
    process.exitCode = 1;
    console.error(err);
  })
  .finally(() => cleanupAll());
