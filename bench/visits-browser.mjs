// @ts-check
/* global window, document, RTCPeerConnection, MediaStream -- the functions passed to page.evaluate run in Chromium */
/**
 * Helpers for the video-visit benchmarks: an administrator signed in through the real API (setup link, password,
 * TOTP enrolment), API calls with the session, Chromium with fake media (flags from DESIGN.md), and a bare
 * two-page WebRTC call used as the baseline.
 */
import { createHmac } from 'node:crypto';
import { chromium } from 'playwright-core';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
];

export const launch = () => chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret. @param {string} secret */
export function totp(secret, timeMs = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(timeMs / 30_000)));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = (mac[mac.length - 1] ?? 0) & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * Runs first-time setup from the printed link and signs the administrator in with MFA enrolment.
 * @param {string} url @param {string} setupToken
 * @returns {Promise<{ cookie: string, csrf: string, call: (method: string, path: string, body?: unknown) => Promise<any> }>}
 */
export async function signedInAdmin(url, setupToken) {
  const email = `bench-${Date.now()}@example.test`;
  const password = 'correct horse battery staple bench';
  const json = { 'content-type': 'application/json' };
  const setup = await fetch(`${url}/api/v1/setup`, { method: 'POST', headers: json, body: JSON.stringify({ token: setupToken, organizationName: 'Bench Health', adminName: 'Bench Admin', adminEmail: email, password }) });
  if (!setup.ok) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
  let res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email, password }) });
  let cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  let csrf = (await res.json()).csrfToken;
  const headers = () => ({ ...json, cookie, 'x-csrf-token': csrf });
  const secret = (await (await fetch(`${url}/api/v1/auth/mfa/enrol`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } })).json()).secret;
  res = await fetch(`${url}/api/v1/auth/mfa/enrol/confirm`, { method: 'POST', headers: headers(), body: JSON.stringify({ code: totp(secret) }) });
  if (!res.ok) throw new Error(`mfa: ${res.status} ${await res.text()}`);
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  csrf = (await res.json()).csrfToken;
  /** @param {string} method @param {string} path @param {unknown} [body] */
  const call = async (method, path, body) => {
    const r = await fetch(`${url}/api/v1${path}`, { method, headers: headers(), body: body === undefined ? undefined : JSON.stringify(body) });
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  return { cookie, csrf, call };
}

/**
 * Installs, in a page of the app, a promise of the epoch time (ms, high resolution) of the first decoded remote
 * video frame (requestVideoFrameCallback: getStats is cached ~57 ms, DESIGN.md).
 * @param {import('playwright-core').Page} page
 */
export async function armFirstFrame(page) {
  await page.waitForFunction(() => {
    const call = /** @type {any} */ (window).telehealthCall;
    const link = call && [...call.links.values()][0];
    return Boolean(link && link.stream.getVideoTracks().length > 0 && link.pc.connectionState === 'connected');
  }, undefined, { timeout: 20_000 });
  await page.evaluate(() => {
    const link = [.../** @type {any} */ (window).telehealthCall.links.values()][0];
    const v = document.createElement('video');
    v.muted = true;
    v.autoplay = true;
    v.srcObject = link.stream;
    document.body.append(v);
    /** @type {any} */ (window).firstFrameAt = new Promise((resolve) => v.requestVideoFrameCallback(() => resolve(performance.timeOrigin + performance.now())));
    void v.play();
  });
}

/**
 * The baseline: two bare pages, one RTCPeerConnection each, signalling relayed in memory through this process;
 * from the first getUserMedia call to the first decoded frame on both sides.
 * @param {import('playwright-core').Browser} browser @param {string} origin
 */
export async function bareCall(browser, origin) {
  const ctx = await browser.newContext();
  const [a, b] = [await ctx.newPage(), await ctx.newPage()];
  await Promise.all([a.goto(`${origin}/healthz`), b.goto(`${origin}/healthz`)]);
  /** @param {import('playwright-core').Page} from @param {import('playwright-core').Page} to */
  const wire = (from, to) => from.exposeFunction('toPeer', (/** @type {string} */ m) => void to.evaluate((msg) => /** @type {any} */ (window).fromPeer(msg), m).catch(() => undefined)); // late candidates after close
  await wire(a, b);
  await wire(b, a);
  const script = (/** @type {boolean} */ offerer) => {
    const w = /** @type {any} */ (window);
    const started = performance.timeOrigin + performance.now();
    const pc = new RTCPeerConnection();
    const queue = /** @type {any[]} */ ([]);
    let ready = false;
    pc.onicecandidate = (e) => e.candidate && w.toPeer(JSON.stringify({ candidate: e.candidate }));
    const frame = new Promise((resolve) => {
      pc.ontrack = (e) => {
        if (e.track.kind !== 'video') return;
        const v = document.createElement('video');
        v.muted = true;
        v.srcObject = new MediaStream([e.track]);
        document.body.append(v);
        v.requestVideoFrameCallback(() => resolve(performance.timeOrigin + performance.now()));
        void v.play();
      };
    });
    w.fromPeer = async (/** @type {string} */ raw) => {
      const m = JSON.parse(raw);
      if (!ready) return void queue.push(m);
      if (m.sdp) {
        await pc.setRemoteDescription(m.sdp);
        if (m.sdp.type === 'offer') {
          await pc.setLocalDescription(await pc.createAnswer());
          w.toPeer(JSON.stringify({ sdp: pc.localDescription }));
        }
      } else await pc.addIceCandidate(m.candidate);
    };
    return (async () => {
      const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
      for (const t of media.getTracks()) pc.addTrack(t, media);
      ready = true;
      for (const m of queue.splice(0)) await w.fromPeer(JSON.stringify(m));
      if (offerer) {
        await pc.setLocalDescription(await pc.createOffer());
        w.toPeer(JSON.stringify({ sdp: pc.localDescription }));
      }
      return { started, frame: await frame };
    })();
  };
  const [ra, rb] = await Promise.all([a.evaluate(script, true), b.evaluate(script, false)]);
  await ctx.close();
  return Math.max(ra.frame, rb.frame) - Math.min(ra.started, rb.started);
}
