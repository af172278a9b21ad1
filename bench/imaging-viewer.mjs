// @ts-check
/* global window, document -- the functions passed to page.evaluate run in Chromium */
/**
 * The DICOM viewer on a 500-image CT in headless Chromium (docs/imaging.md, "Viewer"):
 *   first    navigation start → the first image drawn on the canvas
 *   full     navigation start → "500 of 500 images loaded"
 *   longest  the longest main-thread task while loading (the page must not freeze)
 *   heap     JS heap in use after the full load
 *   baseline the same 500 metadata + frame requests from a bare page with the same concurrency (5), bodies
 *            read but not decoded: the server and network floor. Interleaved with the viewer runs.
 * The series: 512 × 512, 16-bit (12 stored), Rescale Intercept −1024, made with dcmtk's dump2dcm and sent by
 * STOW-RS to a case. Writes bench/results/imaging-viewer.json.
 *
 * Usage: node bench/imaging-viewer.mjs [--slices 500] [--size 512] [--runs 3] [--out file]
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, arg, cleanupAll, installCleanupHandlers, masterKey, onCleanup, tempDir, startServer, writeJson } from './lib/harness.mjs';
import { launch, signedInAdmin } from './visits-browser.mjs';

const run = promisify(execFile);
const argv = process.argv.slice(2);
const slices = Number(arg(argv, 'slices', '500'));
const size = Number(arg(argv, 'size', '512'));
const runs = Number(arg(argv, 'runs', '3'));
const out = path.resolve(ROOT, arg(argv, 'out', 'bench/results/imaging-viewer.json'));
/** @param {string} msg */
const log = (msg) => process.stderr.write(`[imaging-viewer] ${msg}\n`);
const uid = () => `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;

/** Writes one CT slice with dump2dcm. @param {string} dir @param {{ study: string, series: string }} ids @param {number} k */
async function slice(dir, ids, k) {
  const base = path.join(dir, `s${k}`);
  const px = Buffer.alloc(size * size * 2);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const r = Math.hypot(x - c, y - c) / c;
      const hu = r > 0.9 ? -1000 : Math.abs(r - 0.2 - (0.5 * k) / slices) < 0.03 ? 700 : 40 + ((x * 13 + y * 5 + k) % 60) - 30;
      px.writeUInt16LE(hu + 1024, (y * size + x) * 2);
    }
  }
  await fs.writeFile(`${base}.raw`, px);
  const dump = [
    '(0008,0016) UI =CTImageStorage', `(0008,0018) UI ${uid()}`, '(0008,0060) CS CT', '(0010,0010) PN Bench^Patient',
    `(0020,000d) UI ${ids.study}`, `(0020,000e) UI ${ids.series}`, '(0020,0011) IS 1', `(0020,0013) IS ${k + 1}`, `(0020,1041) DS ${-k}`,
    '(0028,0002) US 1', '(0028,0004) CS MONOCHROME2', `(0028,0010) US ${size}`, `(0028,0011) US ${size}`, '(0028,0100) US 16',
    '(0028,0101) US 12', '(0028,0102) US 11', '(0028,0103) US 0', '(0028,1050) DS 40', '(0028,1051) DS 400', '(0028,1052) DS -1024',
    '(0028,1053) DS 1', `(7fe0,0010) OW =${base}.raw`,
  ].join('\n');
  await fs.writeFile(`${base}.dump`, dump);
  await run('dump2dcm', ['--write-file', `${base}.dump`, `${base}.dcm`]);
  await fs.rm(`${base}.raw`);
  return `${base}.dcm`;
}

/** STOW-RS in batches of 50 instances. @param {string} url @param {{ cookie: string, csrf: string }} admin @param {string} caseId @param {string[]} files */
async function stow(url, admin, caseId, files) {
  for (let i = 0; i < files.length; i += 50) {
    const boundary = `b${randomUUID()}`;
    const parts = [];
    for (const f of files.slice(i, i + 50)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), await fs.readFile(f), Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await fetch(`${url}/dicomweb/studies?case=${caseId}`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`, accept: 'application/dicom+json' },
      body: Buffer.concat(parts),
    });
    if (res.status !== 200) throw new Error(`STOW: ${res.status} ${await res.text()}`);
  }
}

/** @param {number[]} xs */
function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? /** @type {number} */ (s[mid]) : (/** @type {number} */ (s[mid - 1]) + /** @type {number} */ (s[mid])) / 2;
  return { n: s.length, median: Math.round(median), min: Math.round(s[0] ?? 0), max: Math.round(s[s.length - 1] ?? 0) };
}

/** One viewer run. @param {import('playwright-core').Browser} browser @param {string} url @param {string} cookie @param {string} viewerPath */
async function viewerRun(browser, url, cookie, viewerPath) {
  const ctx = await browser.newContext({ baseURL: url, viewport: { width: 1280, height: 1000 } });
  const [name, value] = cookie.split('=');
  await ctx.addCookies([{ name: /** @type {string} */ (name), value: /** @type {string} */ (value), url }]);
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    const w = /** @type {any} */ (window);
    w.longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(viewerPath);
  await page.waitForFunction(() => {
    const c = /** @type {HTMLCanvasElement | null} */ (document.querySelector('[data-testid="dicom-canvas"]'));
    const ctx2 = c?.getContext('2d');
    if (!c || !ctx2 || c.width === 0) return false;
    const d = ctx2.getImageData(0, 0, c.width, c.height).data;
    for (let i = 0; i < d.length; i += 16) if (/** @type {number} */ (d[i]) > 0) return true;
    return false;
  }, undefined, { polling: 'raf', timeout: 120_000 });
  const first = await page.evaluate(() => performance.now());
  await page.waitForFunction((n) => document.querySelector('[data-testid="dv-progress-text"]')?.textContent === `${n} of ${n} images loaded`, slices, { polling: 100, timeout: 600_000 });
  const full = await page.evaluate(() => performance.now());
  const { longest, heap } = await page.evaluate(() => ({ longest: /** @type {any} */ (window).longest, heap: /** @type {any} */ (performance).memory?.usedJSHeapSize ?? 0 }));
  await ctx.close();
  return { first, full, longest, heapMb: heap / 1048576 };
}

/** The same requests from a bare page, bodies read, nothing decoded. @param {import('playwright-core').Browser} browser @param {string} url @param {string} cookie @param {string[]} urls */
async function baselineRun(browser, url, cookie, urls) {
  const ctx = await browser.newContext({ baseURL: url });
  const [name, value] = cookie.split('=');
  await ctx.addCookies([{ name: /** @type {string} */ (name), value: /** @type {string} */ (value), url }]);
  const page = await ctx.newPage();
  await page.goto('/healthz');
  const ms = await page.evaluate(async (list) => {
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const base = /** @type {string} */ (list[next++]);
        for (const [path, accept] of [['/metadata', 'application/dicom+json'], ['/frames/1', 'multipart/related; type="application/octet-stream"']]) {
          const res = await fetch(`${base}${path}`, { headers: { accept: /** @type {string} */ (accept) } });
          if (!res.ok) throw new Error(`${path}: ${res.status}`);
          await res.arrayBuffer();
        }
      }
    };
    await Promise.all(Array.from({ length: 5 }, worker));
    return performance.now() - t0;
  }, urls);
  await ctx.close();
  return ms;
}

async function main() {
  installCleanupHandlers();
  const dataDir = tempDir('bench-viewer-');
  const work = tempDir('bench-viewer-dcm-');
  // the per-minute API limit (default 1200) would throttle 1000 requests per run plus the baseline's
  const server = await startServer({ env: { TELEHEALTH_DATA_DIR: dataDir, TELEHEALTH_MASTER_KEY: masterKey(), NODE_ENV: 'test', RATE_LIMIT_PER_MINUTE: '1000000' } });
  await server.waitReady(300_000);
  const token = /setup#token=([A-Za-z0-9_-]+)/.exec(server.output())?.[1];
  if (!token) throw new Error(`no setup link printed:\n${server.output()}`);
  const admin = await signedInAdmin(server.url, token);
  const site = await admin.call('POST', '/sites', { name: 'Bench Hospital', kind: 'hospital', timeZone: 'America/Denver', state: 'MT' });
  const patient = await admin.call('POST', '/patients', { siteId: site.id, mrn: 'B-CT', givenName: 'Bench', familyName: 'Patient', birthDate: '1970-01-01', sex: 'unknown' });
  const c = await admin.call('POST', '/cases', { patientId: patient.id, siteId: site.id, specialty: 'urology', urgency: 'routine', question: 'Bench', history: { symptoms: 'Bench' }, consent: { given: true, method: 'verbal' } });
  const ids = { study: uid(), series: uid() };
  log(`writing ${slices} slices of ${size}×${size} with dump2dcm`);
  const files = [];
  for (let k = 0; k < slices; k++) files.push(await slice(work, ids, k));
  log('sending by STOW-RS');
  await stow(server.url, admin, c.id, files);
  const attachment = (await admin.call('GET', `/cases/${c.id}`)).attachments.find((/** @type {any} */ a) => a.kind === 'dicom_study');
  const qido = await (await fetch(`${server.url}/dicomweb/studies/${ids.study}/series/${ids.series}/instances?limit=1000`, { headers: { cookie: admin.cookie, accept: 'application/dicom+json' } })).json();
  const urls = qido.map((/** @type {any} */ ds) => `/dicomweb/studies/${ids.study}/series/${ids.series}/instances/${ds['00080018'].Value[0]}`);
  const browser = await launch();
  onCleanup('chromium', () => browser.close(), () => undefined);
  const viewer = [];
  const baseline = [];
  for (let i = 0; i < runs; i++) {
    const v = await viewerRun(browser, server.url, admin.cookie, `/cases/${c.id}/studies/${attachment.id}`);
    const b = await baselineRun(browser, server.url, admin.cookie, urls);
    log(`run ${i + 1}: first image ${Math.round(v.first)} ms, full ${Math.round(v.full)} ms, longest task ${Math.round(v.longest)} ms, heap ${Math.round(v.heapMb)} MB; baseline ${Math.round(b)} ms`);
    viewer.push(v);
    baseline.push(b);
  }
  const result = {
    date: new Date().toISOString(), slices, size, runs,
    firstImageMs: stats(viewer.map((v) => v.first)),
    fullLoadMs: stats(viewer.map((v) => v.full)),
    longestTaskMs: stats(viewer.map((v) => v.longest)),
    heapMb: stats(viewer.map((v) => v.heapMb)),
    baselineMs: stats(baseline),
    fullOverBaseline: Number((stats(viewer.map((v) => v.full)).median / stats(baseline).median).toFixed(2)),
  };
  writeJson(out, result);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  await fs.rm(work, { recursive: true, force: true });
}

main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(cleanupAll);
