/**
 * The billing work queue in Chromium against `telehealth demo serve`: the billing user sees the demo's
 * completed video visit and consult with their proposed lines, edits a line with a reason, and exports 837P.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { launchBrowser, screenshotOnFailure, type TestBrowser } from './support/browser.js';
import { startDemoServer, type DemoServer } from './support/demo-server.js';
import { enrolMfa, submitSignIn } from './support/flows.js';

const DEMO_PASSWORD = 'BigSky-Demo-Telehealth-2026';

describe('billing queue in Chromium', () => {
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

  it('shows the proposed lines of the demo visit and consult, edits one with a reason, and exports 837P', async () => {
    const page = await (await browser.newContext()).newPage();
    onTestFailed(screenshotOnFailure(page, 'billing'));
    await page.goto('/login');
    await submitSignIn(page, 'billing@highplains.example', DEMO_PASSWORD);
    await enrolMfa(page);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Janet Moore' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Billing queue' }).waitFor();

    // the completed video visit: Medicare, established, moderate MDM, patient at home → 99214 at POS 10
    const visitRow = page.getByRole('row').filter({ hasText: 'Video visit' }).filter({ hasText: '99214 POS 10' });
    await visitRow.waitFor();
    // the consult answered with no visit needed: 99451 for the dermatologist, 99452 for the referrer
    await page.getByRole('row').filter({ hasText: 'Consult (consultant)' }).filter({ hasText: '99451' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Consult (requesting)' }).filter({ hasText: '99452' }).waitFor();

    await visitRow.getByRole('button', { name: 'Open' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Proposed lines' }).textContent()).toContain('99214 · POS 10 · 1 unit(s)');
    await expect.poll(() => page.getByRole('list', { name: 'Rules applied' }).textContent()).toMatch(/mcr\.em/);

    const lines = page.getByRole('form', { name: 'Edit lines' });
    await lines.getByLabel('Code 1').fill('99213');
    await expect(lines.getByRole('button', { name: 'Save lines' }).isDisabled()).resolves.toBe(true);
    await lines.getByLabel('Reason for the change').fill('Documentation supports low MDM only');
    await lines.getByRole('button', { name: 'Save lines' }).click();
    const edited = page.getByRole('row').filter({ hasText: 'Video visit' }).filter({ hasText: '99213 POS 10' });
    await expect.poll(() => edited.textContent()).toContain('(edited)');

    await edited.getByRole('checkbox').check();
    const form = page.getByRole('form', { name: 'Export' });
    const fields: [string, string][] = [
      ['Submitter id', 'SUBMITTER1'], ['Submitter name', 'High Plains Health'], ['Contact name', 'Billing Office'], ['Contact phone', '4065550100'],
      ['Receiver id', 'CLEARHOUSE'], ['Receiver name', 'Example Clearinghouse'], ['Billing provider NPI', '1245319599'],
      ['Billing provider name', 'High Plains Health'], ['Tax id', '810123456'], ['Billing provider address', '1 Hospital Way'],
      ['Billing provider city', 'Havre'], ['Billing provider state', 'MT'], ['Billing provider ZIP code', '59501'], ['Charge per unit', '95'],
    ];
    for (const [label, value] of fields) await form.getByLabel(label, { exact: true }).fill(value);
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/billing/encounters/export'));
    await form.getByRole('button', { name: 'Export' }).click();
    const res = await answer;
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/edi-x12');
    const edi = await res.text();
    expect(edi.startsWith('ISA*')).toBe(true);
    expect(edi).toContain('SV1*HC:99213*95*UN*1');
    expect(edi).not.toContain('HC:99214');
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Video visit' }).filter({ hasText: '99213 POS 10' }).textContent()).toContain('exported');
  }, 120_000);
});
