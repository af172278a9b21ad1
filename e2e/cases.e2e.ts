import sharp from 'sharp';
import { describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshotOnFailure } from './support/browser.js';
import { apiAs, createStaff, newClinic, signInNew } from './support/flows.js';
import { browserSuite } from './support/suite.js';

/** A photo-like JPEG (noise, so it is sharp and well exposed) carrying EXIF GPS and a camera serial. */
async function photo(width: number, height: number, seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = 50 + (((i + seed) * 2654435761) >>> 24) % 150;
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withExif({ IFD0: { Make: 'AcmeCam', Model: 'Derm 3000' }, IFD2: { BodySerialNumber: 'SERIAL-E2E-1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '46/1 35/1 0/1' } })
    .toBuffer();
}

const state = (page: Page) => page.getByTestId('case-state').textContent();

describe('store-and-forward: a dermatology consult between two people in Chromium', () => {
  const suite = browserSuite();

  it('runs create → three photos (one resumed after going offline) → claim → question → answer → report → acknowledge', async () => {
    const { browser } = suite;
    const clinic = await newClinic(browser, suite.server.setupLink);
    const { admin: adminPage, tag } = clinic;
    onTestFailed(screenshotOnFailure(adminPage, 'cases-admin'));
    await apiAs(adminPage, 'POST', '/patients', { siteId: clinic.siteId, mrn: `MRN-${tag}`, givenName: 'Harriet', familyName: 'Quimby', birthDate: '1970-05-01', sex: 'female' });
    const gp = await createStaff(clinic, { name: 'Pat Primary', login: 'gp', role: 'clinician', siteId: clinic.siteId });
    const derm = await createStaff(clinic, { name: 'Dana Derm', login: 'derm', role: 'specialist', specialties: ['dermatology'] });

    // ---- the primary-care clinician starts a dermatology case
    const gpContext = await browser.newContext();
    const g = await signInNew(gpContext, gp.email, gp.password, gp.name);
    onTestFailed(screenshotOnFailure(g, 'cases-gp'));
    await g.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await g.getByRole('link', { name: 'New case' }).click();
    await g.getByLabel('Patient').selectOption({ label: `Quimby, Harriet (MRN-${tag})` });
    await g.getByLabel('Specialty').selectOption({ label: 'Dermatology' });
    await g.getByRole('button', { name: 'Start the case' }).click();
    await expect.poll(() => state(g)).toBe('Draft');
    const caseId = g.url().split('/').pop()!;
    await g.getByLabel('Clinical question *').fill('Pigmented lesion, <b>changing</b> — benign?');
    await g.getByLabel(/Lesion site/).fill('left forearm');
    await g.getByLabel(/Duration/).fill('3 months');
    await g.getByLabel(/Evolution/).selectOption('growing');
    await g.getByLabel(/The patient consents/).check();
    await g.getByText('All changes saved').waitFor();

    // ---- three photos; the second is interrupted by going offline mid-file and resumes
    const upload = async (view: string, file: Buffer) => {
      await g.getByLabel(`Choose file: ${view}`).setInputFiles({ name: 'IMG_0001.JPG', mimeType: 'image/jpeg', buffer: file });
    };
    const done = () => g.locator('[data-upload-state="done"]').count();
    await upload('Far (regional)', await photo(1000, 750, 1));
    await expect.poll(done, { timeout: 30_000 }).toBe(1);

    // The network drops at the second PATCH of the next file. setOffline alone does not fail requests that
    // are intercepted by a route, so while the network is down the route fails every upload request itself,
    // as a dead network would. Everything the client sends after the network is back is recorded in order.
    let patches = 0;
    let dropped = false;
    let down = false;
    let refusedWhileDown = 0;
    const afterDrop: { method: string; offset: string | null }[] = [];
    await gpContext.route('**/api/v1/uploads/*', async (route) => {
      const request = route.request();
      if (down) {
        refusedWhileDown++;
        await route.abort('internetdisconnected');
        return;
      }
      if (!dropped && request.method() === 'PATCH' && ++patches === 2) {
        dropped = down = true;
        await gpContext.setOffline(true);
        await route.abort('internetdisconnected');
        return;
      }
      if (dropped) afterDrop.push({ method: request.method(), offset: await request.headerValue('upload-offset') });
      await route.continue();
    });
    const big = await photo(2400, 1800, 2);
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    await upload('Medium, with a landmark', big);
    // the client keeps retrying while offline …
    await expect.poll(() => refusedWhileDown, { timeout: 30_000 }).toBeGreaterThan(0);
    down = false;
    await gpContext.setOffline(false);
    await expect.poll(done, { timeout: 60_000 }).toBe(2);
    // … and once back it asks the server for its offset, then sends only the rest, from past the first chunk
    expect(afterDrop[0]?.method).toBe('HEAD');
    const firstPatch = afterDrop.find((r) => r.method === 'PATCH');
    expect(Number(firstPatch?.offset)).toBeGreaterThan(0);
    await gpContext.unroute('**/api/v1/uploads/*');
    await upload('Close-up', await photo(900, 900, 3));
    await expect.poll(done, { timeout: 30_000 }).toBe(3);
    await expect.poll(() => g.locator('.upload-slots').getByText('Quality: no problems found').count()).toBe(3);
    await g.getByRole('button', { name: 'Submit the case' }).click();
    await expect.poll(() => state(g)).toBe('Waiting in queue');

    // ---- the dermatologist claims it and asks a question
    const d = await signInNew(await browser.newContext(), derm.email, derm.password, derm.name);
    onTestFailed(screenshotOnFailure(d, 'cases-derm'));
    await d.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases' }).click();
    await d.getByRole('link', { name: caseId.slice(0, 8) }).click();
    await d.getByRole('button', { name: 'Claim this case' }).click();
    await expect.poll(() => state(d)).toBe('Assigned');
    // the question is text, not markup
    await expect.poll(() => d.locator('.message-body').first().textContent()).toBe('Pigmented lesion, <b>changing</b> — benign?');
    await expect.poll(() => d.getByText('Quality: no problems found').count()).toBe(3);
    await d.getByLabel('Ask the referrer').fill('Has it bled?');
    await d.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => state(d)).toBe('Question for the referrer');

    // ---- the clinician answers
    await g.reload();
    await g.getByText('Has it bled?').waitFor();
    await g.getByLabel('Your answer').fill('No, never.');
    await g.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => state(g)).toBe('In review');

    // ---- the dermatologist signs a report recommending a visit
    await d.reload();
    await d.getByText('No, never.').waitFor();
    await d.getByLabel(/^Diagnosis/).fill('Atypical naevus');
    await d.getByLabel(/^Management/).fill('Excision biopsy at a visit');
    await d.getByLabel(/^Biopsy needed/).selectOption('yes');
    await d.getByLabel(/^In-person visit needed/).selectOption('yes');
    await d.getByLabel('Outcome').selectOption('recommend_visit');
    await d.getByLabel('Time frame').fill('within 4 weeks');
    await d.getByRole('button', { name: 'Sign the report' }).click();
    await expect.poll(() => state(d)).toBe('Report ready');

    // ---- the clinician sees and acknowledges it
    await g.reload();
    await expect.poll(() => g.locator('.outcome').first().textContent()).toBe('Recommend a visit');
    await g.getByRole('button', { name: 'Acknowledge the report' }).click();
    await expect.poll(() => state(g)).toBe('Acknowledged');

    // ---- the stored image, downloaded, carries no EXIF at all
    const kase = await apiAs<{ attachments: { id: string; view: string }[] }>(g, 'GET', `/cases/${caseId}`);
    expect(kase.attachments.map((a) => a.view).sort()).toEqual(['close_up', 'far', 'medium']);
    const medium = kase.attachments.find((a) => a.view === 'medium')!;
    const b64 = await g.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      let s = '';
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    }, `/api/v1/cases/${caseId}/attachments/${medium.id}`);
    const stored = Buffer.from(b64, 'base64');
    const meta = await sharp(stored).metadata();
    expect([meta.exif, meta.xmp, meta.iptc, meta.width]).toEqual([undefined, undefined, undefined, 2400]);
    for (const s of ['SERIAL-E2E-1', 'AcmeCam', 'Exif']) expect(stored.includes(Buffer.from(s))).toBe(false);
  }, 180_000);
});
