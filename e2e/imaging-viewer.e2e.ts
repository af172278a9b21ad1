import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshotOnFailure, type TestBrowser } from './support/browser.js';
import { makeCtSeries, rleCopies, storescu } from './support/ct-series.js';
import { enrolMfa, onboardAdmin, submitSignIn, uniqueAdmin } from './support/flows.js';
import { freePort, startServer, type TestServer } from './support/server.js';

const SLICES = 48;
const SIZE = 128;
/** The first slices again as a second series, RLE Lossless: decoded in the browser, they must look the same. */
const RLE_SLICES = 6;

/** Calls the API from the signed-in page, as the web app would (session cookie + CSRF token). */
async function apiAs<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'x-csrf-token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    { method, path, body },
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

/** A checksum of the viewer canvas's pixels (FNV-1a over RGBA), to see that what is drawn changed. */
function canvasHash(page: Page): Promise<number> {
  return page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid="dicom-canvas"]');
    const ctx = c?.getContext('2d');
    if (!c || !ctx || c.width === 0) return 0;
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let h = 0x811c9dc5;
    let lit = 0;
    for (let i = 0; i < d.length; i += 4) {
      h = Math.imul(h ^ d[i]!, 16777619) >>> 0;
      if (d[i]! > 0) lit++;
    }
    // a black canvas (nothing drawn yet) counts as no image
    return lit === 0 ? 0 : h;
  });
}

describe('DICOM viewer in Chromium: a CT sent by storescu, read from the case page', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let dimsePort: number;
  let dir: string;

  beforeAll(async () => {
    dimsePort = await freePort();
    server = await startServer({ DIMSE_ENABLED: 'true', DIMSE_PORT: String(dimsePort), IMAGING_QUIET_SECONDS: '1', IMAGING_SWEEP_SECONDS: '1' });
    browser = await launchBrowser(new URL(server.setupLink).origin);
    dir = await mkdtemp(join(tmpdir(), 'viewer-e2e-'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('routes the study to the case, scrolls the stack, windows by preset and drag, and the reader signs the report', async () => {
    const admin = await (await browser.newContext()).newPage();
    onTestFailed(screenshotOnFailure(admin, 'viewer-admin'));
    await onboardAdmin(admin, server.setupLink, uniqueAdmin());
    const tag = Math.random().toString(36).slice(2, 8);
    const site = await apiAs<{ id: string }>(admin, 'POST', '/sites', { name: `Rural hospital ${tag}`, kind: 'hospital', timeZone: 'America/Denver', state: 'MT' });
    const patient = await apiAs<{ id: string }>(admin, 'POST', '/patients', { siteId: site.id, mrn: `MRN-${tag}`, givenName: 'Harriet', familyName: 'Quimby', birthDate: '1970-05-01', sex: 'female' });
    const gp = { name: `Pat Primary ${tag}`, email: `gp-${tag}@example.test`, password: `gp password ${tag}` };
    const uro = { name: `Uma Urology ${tag}`, email: `uro-${tag}@example.test`, password: `uro password ${tag}` };
    await apiAs(admin, 'POST', '/users', { ...gp, roles: [{ role: 'clinician', siteId: site.id, specialties: [], languages: [] }] });
    await apiAs(admin, 'POST', '/users', { ...uro, roles: [{ role: 'specialist', siteId: null, specialties: ['urology'], languages: [] }] });
    await apiAs(admin, 'POST', '/imaging/ae-titles', { siteId: site.id, aeTitle: 'RURALCT' });

    // the referrer opens a case and says which study (by accession number) belongs to it
    const g = await signInNew(await browser.newContext(), gp.email, gp.password, gp.name);
    const created = await apiAs<{ id: string }>(g, 'POST', '/cases', {
      patientId: patient.id, siteId: site.id, specialty: 'urology', urgency: 'routine', question: 'Renal mass on CT?',
      history: { symptoms: 'Flank pain and haematuria' }, consent: { given: true, method: 'verbal' },
    });
    const accession = `ACC${tag}`.toUpperCase();
    await apiAs(g, 'POST', '/imaging/expected-studies', { caseId: created.id, accessionNumber: accession });

    // the scanner sends the series over DIMSE; after the quiet period it is routed to the case
    const ct = await makeCtSeries(dir, { count: SLICES, size: SIZE, accession });
    const rle = await rleCopies(ct.files.slice(0, RLE_SLICES), 3, 'Axial RLE');
    await storescu(dimsePort, 'RURALCT', 'TELEHEALTH', [...ct.files, ...rle.files]);
    await expect
      .poll(async () => (await apiAs<{ attachments: { kind: string; studyInstanceUid: string | null }[] }>(g, 'GET', `/cases/${created.id}`)).attachments.find((a) => a.kind === 'dicom_study')?.studyInstanceUid, { timeout: 30_000 })
      .toBe(ct.studyUid);
    await apiAs(g, 'POST', `/cases/${created.id}/submit`);

    // the urologist claims the case and opens the study from its Studies section
    const u = await signInNew(await browser.newContext(), uro.email, uro.password, uro.name);
    onTestFailed(screenshotOnFailure(u, 'viewer-reader'));
    await u.goto(`/cases/${created.id}`);
    await u.getByRole('button', { name: 'Claim this case' }).click();
    await expect.poll(() => u.getByTestId('case-state').textContent()).toBe('Assigned');
    const studies = u.getByRole('region', { name: 'Studies' });
    await studies.getByText(`2 series, ${SLICES + RLE_SLICES} images`).waitFor();
    await studies.getByRole('link', { name: /^Open viewer/ }).click();
    await u.getByRole('heading', { level: 1, name: 'Image viewer' }).waitFor();

    // the series list shows the series with its thumbnail; the first image appears while the rest load
    const seriesButton = u.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: /Series 2 · CT · Axial 2.5 mm/ });
    await expect.poll(() => seriesButton.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => seriesButton.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await expect.poll(() => u.getByTestId('attr-instance-number').textContent()).toBe('1');
    await expect.poll(() => canvasHash(u)).not.toBe(0);
    // the machine may be shared: the whole series gets a minute and a half to arrive
    await expect.poll(() => u.getByTestId('dv-progress-text').textContent(), { timeout: 90_000 }).toBe(`${SLICES} of ${SLICES} images loaded`);
    expect(await u.getByTestId('attr-dimensions').textContent()).toBe(`${SIZE} × ${SIZE} px, 12/16 bit`);
    expect(await u.getByTestId('attr-window').textContent()).toBe('W 400 / L 40');
    expect(await u.getByTestId('attr-modality').textContent()).toBe('CT');
    expect(await u.getByTestId('attr-slice-location').textContent()).toBe('0 mm');
    expect(await u.getByTestId('attr-transfer-syntax').textContent()).toBe('1.2.840.10008.1.2.1');
    const firstImage = await canvasHash(u);

    // scroll: keyboard, mouse wheel, Page Down, the slider — the instance number and the pixels follow
    const viewport = u.getByRole('application', { name: /Axial 2.5 mm, image \d+ of 48/ });
    await expect.poll(() => viewport.getAttribute('aria-label')).toBe('Series 2 · CT · Axial 2.5 mm, image 1 of 48');
    let before = await canvasHash(u);
    await viewport.focus();
    await u.keyboard.press('ArrowDown');
    await expect.poll(() => u.getByTestId('attr-instance-number').textContent()).toBe('2');
    await expect.poll(() => canvasHash(u)).not.toBe(before);
    expect(await u.getByTestId('attr-slice-location').textContent()).toBe('-2.5 mm');
    before = await canvasHash(u);
    await viewport.hover();
    await u.mouse.wheel(0, 120);
    await expect.poll(() => u.getByTestId('attr-instance-number').textContent()).toBe('3');
    await expect.poll(() => canvasHash(u)).not.toBe(before);
    await u.keyboard.press('PageDown');
    await expect.poll(() => u.getByTestId('attr-instance-number').textContent()).toBe('13');
    await u.getByRole('slider', { name: /^Image/ }).fill('30');
    await expect.poll(() => u.getByTestId('attr-instance-number').textContent()).toBe('30');
    await expect.poll(() => u.getByTestId('attr-position').textContent()).toBe(`30 of ${SLICES}`);

    // window by preset: the attributes panel and the pixels change
    before = await canvasHash(u);
    await u.getByRole('button', { name: /^Lung/ }).click();
    await expect.poll(() => u.getByTestId('attr-window').textContent()).toBe('W 1500 / L -600');
    await expect.poll(() => canvasHash(u)).not.toBe(before);
    await u.getByRole('button', { name: /^Bone/ }).click();
    await expect.poll(() => u.getByTestId('attr-window').textContent()).toBe('W 2000 / L 300');

    // window by dragging on the image: right widens, down raises the level
    before = await canvasHash(u);
    const box = await viewport.boundingBox();
    if (!box) throw new Error('no viewport box');
    await u.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await u.mouse.down();
    await u.mouse.move(box.x + box.width / 2 - 100, box.y + box.height / 2 + 60, { steps: 5 });
    await u.mouse.up();
    await expect.poll(() => u.getByTestId('attr-window').textContent()).not.toBe('W 2000 / L 300');
    const dragged = /^W (\d+) \/ L (-?\d+)$/.exec((await u.getByTestId('attr-window').textContent()) ?? '');
    expect(Number(dragged?.[1])).toBeLessThan(2000);
    expect(Number(dragged?.[2])).toBeGreaterThan(300);
    await expect.poll(() => canvasHash(u)).not.toBe(before);

    // the keyboard alone: preset 4 (brain), zoom in, back to the default window
    await viewport.focus();
    await u.keyboard.press('4');
    await expect.poll(() => u.getByTestId('attr-window').textContent()).toBe('W 80 / L 40');
    before = await canvasHash(u);
    await u.keyboard.press('+');
    await expect.poll(() => canvasHash(u)).not.toBe(before);
    await u.keyboard.press('r');
    await expect.poll(() => u.getByTestId('attr-window').textContent()).toBe('W 400 / L 40');

    // the RLE series: decoded in the browser, its first image is pixel for pixel the uncompressed one
    await u.getByRole('navigation', { name: 'Series' }).getByRole('button', { name: /Series 3 · CT · Axial RLE/ }).click();
    await expect.poll(() => u.getByTestId('dv-progress-text').textContent(), { timeout: 60_000 }).toBe(`${RLE_SLICES} of ${RLE_SLICES} images loaded`);
    await expect.poll(() => u.getByTestId('attr-transfer-syntax').textContent()).toBe('1.2.840.10008.1.2.5');
    expect(await u.getByTestId('attr-window').textContent()).toBe('W 400 / L 40');
    await expect.poll(() => canvasHash(u)).toBe(firstImage);

    // back on the case, the reader signs the report
    await u.getByRole('link', { name: 'Back to the case' }).click();
    await u.getByLabel(/^Assessment/).fill('Simple renal cyst, Bosniak I.');
    await u.getByLabel(/^Recommendation/).fill('No follow-up imaging needed.');
    await u.getByRole('button', { name: 'Sign the report' }).click();
    await expect.poll(() => u.getByTestId('case-state').textContent()).toBe('Report ready');
  });
});
