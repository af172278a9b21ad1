/**
 * Diabetic-retinopathy screening end to end in Chromium, from a fresh `telehealth demo serve` (what `npm run
 * demo` runs): the demo's primary-care clinician starts an ophthalmology case, fills one slot per required
 * view (macula- and disc-centred fundus images of each eye) and sees each image's quality check before
 * submitting; the demo ophthalmologist claims it, reviews the images (zoom/pan from the keyboard, side by
 * side in step, full resolution only on request), grades each eye (ICDR, DMO, gradability) and signs; the
 * clinician sees the same per-eye grades and acknowledges.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { launchBrowser, screenshotOnFailure, type TestBrowser } from './support/browser.js';
import { startDemoServer, type DemoServer } from './support/demo-server.js';
import { apiAs, readTable, signInNew } from './support/flows.js';
import { fundusImage } from './support/fundus.js';

const DEMO_PASSWORD = 'BigSky-Demo-Telehealth-2026';
const REFERRER = { email: 'dr.prairie@highplains.example', name: 'Dr. Helen Whitfield' };
const OPHTHALMOLOGIST = { email: 'ophthalmology@highplains.example', name: 'Dr. Ingrid Sorensen' };

const VIEWS = [
  { key: 'right_macula', label: 'Right eye, macula-centred', eye: 'right', centre: 'macula', blurred: false },
  { key: 'right_disc', label: 'Right eye, disc-centred', eye: 'right', centre: 'disc', blurred: false },
  { key: 'left_macula', label: 'Left eye, macula-centred', eye: 'left', centre: 'macula', blurred: false },
  // captured out of focus: the capture's quality check flags it, and the ophthalmologist sees the flag
  { key: 'left_disc', label: 'Left eye, disc-centred', eye: 'left', centre: 'disc', blurred: true },
] as const;

interface Attachment { id: string; view: string | null; quality: { width: number; height: number; flags: string[] } | null }

const state = (page: Page) => page.getByTestId('case-state').textContent();
const isOriginal = (r: Request, attachmentId: string) => {
  const url = new URL(r.url());
  return url.pathname.endsWith(`/attachments/${attachmentId}`) && !url.searchParams.has('variant');
};
const naturalSize = (page: Page, scope: string) =>
  page.locator(`${scope} img[data-resolution="full"]`).evaluate((img: HTMLImageElement) => (img.complete && img.naturalWidth > 0 ? `${img.naturalWidth}x${img.naturalHeight}` : 'loading'));
/** Each stage's zoom and pan in `scope`, as "zoom x y" (`data-view` of the zoomed layer). */
const zoomOf = (page: Page, scope: string) => page.locator(`${scope} .zoom-layer`).evaluateAll((els) => els.map((e) => e.getAttribute('data-view')));

describe('diabetic-retinopathy screening from the demo in Chromium', () => {
  let server: DemoServer;
  let browser: TestBrowser;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchBrowser(server.baseUrl);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('runs four fundus views with quality → claim → image review → per-eye ICDR report → the referrer sees the same grades and acknowledges', async () => {
    // ---- the primary-care clinician starts the screening and fills the four view slots
    const g = await signInNew(await browser.newContext(), REFERRER.email, DEMO_PASSWORD, REFERRER.name);
    onTestFailed(screenshotOnFailure(g, 'retina-referrer'));
    await g.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await g.getByRole('link', { name: 'New case' }).click();
    await g.getByLabel('Patient').selectOption({ label: 'Nguyen, Tuan (HPH-100004)' });
    await g.getByLabel('Specialty').selectOption({ label: 'Ophthalmology: diabetic-retinopathy screening' });
    await g.getByRole('button', { name: 'Start the case' }).click();
    await expect.poll(() => state(g)).toBe('Draft');
    const caseId = g.url().split('/').pop()!;
    await expect.poll(() => g.getByRole('note').filter({ hasText: 'Views still missing' }).textContent())
      .toBe(`Views still missing: ${VIEWS.map((v) => v.label).join(', ')}`);
    await g.getByLabel('Clinical question *').fill('Annual diabetic-retinopathy screening, no previous retinopathy.');
    await g.getByLabel(/^Diabetes type/).selectOption('type2');
    await g.getByLabel(/^Diabetes duration/).fill('14');
    await g.getByLabel(/^HbA1c/).fill('8.1');
    await g.getByLabel(/The patient consents/).check();
    await g.getByText('All changes saved').waitFor();

    for (const [i, v] of VIEWS.entries()) {
      const file = await fundusImage(v.eye, v.centre, i + 1, { blurred: v.blurred });
      await g.getByLabel(`Choose file: ${v.label}`).setInputFiles({ name: `fundus-${i + 1}.jpg`, mimeType: 'image/jpeg', buffer: file });
    }
    await expect.poll(() => g.locator('[data-upload-state="done"]').count(), { timeout: 60_000 }).toBe(4);
    // each slot shows its own image's quality result before submitting
    for (const v of VIEWS) {
      const slot = g.locator(`.upload-slots li[data-view="${v.key}"]`);
      await expect.poll(() => slot.locator('figcaption').textContent()).toBe(v.blurred ? 'Quality: Blurred' : 'Quality: no problems found');
    }
    await expect.poll(() => g.getByText('Views still missing').count()).toBe(0);
    await g.getByRole('button', { name: 'Submit the case' }).click();
    await expect.poll(() => state(g)).toBe('Waiting in queue');

    // ---- the ophthalmologist claims it from the queue
    const oContext = await browser.newContext();
    const o = await signInNew(oContext, OPHTHALMOLOGIST.email, DEMO_PASSWORD, OPHTHALMOLOGIST.name);
    onTestFailed(screenshotOnFailure(o, 'retina-ophthalmologist'));
    const requests: Request[] = [];
    o.on('request', (r) => requests.push(r));
    await o.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await o.getByRole('link', { name: caseId.slice(0, 8) }).click();
    await o.getByRole('button', { name: 'Claim this case' }).click();
    await expect.poll(() => state(o)).toBe('Assigned');

    const kase = await apiAs<{ attachments: Attachment[] }>(o, 'GET', `/cases/${caseId}`);
    const byView = new Map(kase.attachments.map((a) => [a.view, a]));
    const rightMacula = byView.get('right_macula')!;
    const leftMacula = byView.get('left_macula')!;
    expect([...byView.keys()].sort()).toEqual(VIEWS.map((v) => v.key).sort());

    // every image with its quality flags
    const gallery = o.getByRole('region', { name: 'Images and documents' });
    for (const v of VIEWS) {
      await expect.poll(() => gallery.locator(`li[data-view="${v.key}"]`).textContent()).toContain(v.blurred ? 'Quality: Blurred' : 'Quality: no problems found');
      await expect.poll(() => gallery.locator(`li[data-view="${v.key}"]`).textContent()).toContain('1600 × 1200');
    }

    // ---- one image: opens on the preview, zooms and pans from the keyboard, full resolution only on request
    const opener = gallery.getByRole('button', { name: `Open ${VIEWS[0].label}` });
    await opener.click();
    const viewer = o.getByRole('region', { name: `Image viewer: ${VIEWS[0].label}` });
    const stage = viewer.getByRole('group', { name: VIEWS[0].label });
    await expect.poll(() => stage.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => viewer.locator('img[data-resolution="preview"]').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await o.keyboard.press('+');
    await o.keyboard.press('+');
    await o.keyboard.press('ArrowLeft');
    await expect.poll(() => zoomOf(o, '.image-viewer')).toEqual(['1.5625 40 0']);
    await o.keyboard.press('0');
    await expect.poll(() => zoomOf(o, '.image-viewer')).toEqual(['1.0000 0 0']);
    expect(requests.filter((r) => kase.attachments.some((a) => isOriginal(r, a.id)))).toEqual([]);
    const fullRes = o.waitForRequest((r) => isOriginal(r, rightMacula.id));
    await viewer.getByRole('button', { name: `Load full resolution: ${VIEWS[0].label}` }).click();
    await fullRes;
    await expect.poll(() => naturalSize(o, '.image-viewer')).toBe(`${rightMacula.quality!.width}x${rightMacula.quality!.height}`);
    expect(rightMacula.quality!.width).toBe(1600);
    await o.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);
    await expect.poll(() => opener.evaluate((el) => el === document.activeElement)).toBe(true);

    // ---- side by side: both eyes' macula-centred images, zoomed and panned together
    await gallery.getByRole('button', { name: 'Compare side by side' }).click();
    const compare = o.getByRole('region', { name: 'Side-by-side comparison' });
    await expect.poll(() => compare.getByLabel('First image', { exact: true }).inputValue()).toBe(rightMacula.id);
    await expect.poll(() => compare.getByLabel('Second image', { exact: true }).inputValue()).toBe(leftMacula.id);
    await compare.getByRole('group', { name: `First image: ${VIEWS[0].label}` }).focus();
    await o.keyboard.press('+');
    await o.keyboard.press('ArrowUp');
    await expect.poll(() => zoomOf(o, '.image-compare')).toEqual(['1.2500 0 40', '1.2500 0 40']);
    // dragging the second image moves the first with it
    const box = (await compare.getByRole('group', { name: `Second image: ${VIEWS[2].label}` }).boundingBox())!;
    await o.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await o.mouse.down();
    await o.mouse.move(box.x + box.width / 2 - 30, box.y + box.height / 2 + 20, { steps: 3 });
    await o.mouse.up();
    await expect.poll(() => zoomOf(o, '.image-compare')).toEqual(['1.2500 -30 60', '1.2500 -30 60']);
    await compare.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => zoomOf(o, '.image-compare')).toEqual(['1.5625 -30 60', '1.5625 -30 60']);
    // the left eye's full-resolution image was never fetched before its button was pressed
    expect(requests.some((r) => isOriginal(r, leftMacula.id))).toBe(false);
    const leftFull = o.waitForRequest((r) => isOriginal(r, leftMacula.id));
    await compare.getByRole('button', { name: `Load full resolution: ${VIEWS[2].label}` }).click();
    await leftFull;
    await expect.poll(() => naturalSize(o, '.compare-pane[data-pane="Second image"]')).toBe(`${leftMacula.quality!.width}x${leftMacula.quality!.height}`);
    // the blurred image carries its flag in the comparison too
    await compare.getByLabel('Second image', { exact: true }).selectOption(byView.get('left_disc')!.id);
    await expect.poll(() => compare.locator('.compare-pane[data-pane="Second image"] figcaption').textContent()).toContain('Quality: Blurred');
    expect(requests.some((r) => isOriginal(r, byView.get('left_disc')!.id))).toBe(false);

    // ---- the per-eye ICDR report
    const report = o.getByRole('region', { name: 'Report', exact: true });
    const perEye = async (field: RegExp, right: string, left: string) => {
      const group = report.getByRole('group', { name: field });
      await group.getByLabel('Right eye').selectOption(right);
      await group.getByLabel('Left eye').selectOption(left);
    };
    await perEye(/^Diabetic retinopathy \(ICDR\)/, 'moderate_npdr', 'mild_npdr');
    await perEye(/^Diabetic macular oedema/, 'non_central', 'absent');
    await perEye(/^Image gradability/, 'gradable', 'gradable');
    await report.getByLabel(/^Referral recommendation/).fill('Refer to the retina clinic: moderate NPDR with non-central DMO in the right eye.');
    await report.getByLabel(/^Follow-up interval/).fill('3');
    await report.getByLabel('Outcome').selectOption('recommend_visit');
    await report.getByLabel('Time frame').fill('within 3 months');
    await report.getByRole('button', { name: 'Sign the report' }).click();
    await expect.poll(() => state(o)).toBe('Report ready');

    // ---- the referrer sees exactly those grades, and acknowledges
    const expected = [
      { Finding: 'Diabetic retinopathy (ICDR)', 'Right eye': 'Moderate NPDR', 'Left eye': 'Mild NPDR' },
      { Finding: 'Diabetic macular oedema', 'Right eye': 'Present, not centre-involving', 'Left eye': 'Absent' },
      { Finding: 'Image gradability', 'Right eye': 'Gradable', 'Left eye': 'Gradable' },
    ];
    await g.reload();
    await expect.poll(() => state(g)).toBe('Report ready');
    await g.getByRole('table', { name: 'Findings per eye (version 1)' }).waitFor();
    expect(await readTable(g, 'Findings per eye (version 1)')).toEqual(expected);
    await expect.poll(() => g.locator('[data-field="follow_up_months"] dd').textContent()).toBe('3 months');
    await expect.poll(() => g.locator('.outcome').first().textContent()).toBe('Recommend a visit');
    const signed = await apiAs<{ reports: { fields: Record<string, unknown> }[] }>(g, 'GET', `/cases/${caseId}`);
    expect(signed.reports[0]?.fields).toMatchObject({
      dr_severity: { right: 'moderate_npdr', left: 'mild_npdr' },
      dme: { right: 'non_central', left: 'absent' },
      gradable: { right: 'gradable', left: 'gradable' },
      follow_up_months: 3,
    });
    await g.getByRole('button', { name: 'Acknowledge the report' }).click();
    await expect.poll(() => state(g)).toBe('Acknowledged');
  }, 240_000);
});
