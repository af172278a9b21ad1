import { describe, expect, it, onTestFailed } from 'vitest';
import { screenshotOnFailure } from './support/browser.js';
import { expectHome, onboardAdmin, submitSignIn, uniqueAdmin } from './support/flows.js';
import { browserSuite } from './support/suite.js';
import { totp, totpStep, waitForStepAfter } from './support/totp.js';

/** Signing out ends the session on the server, and signing back in asks for the one-time code. */
describe('session: sign-out and the MFA challenge', () => {
  const suite = browserSuite();

  it('returns to sign-in on sign-out, keeps admin pages behind sign-in, and challenges for MFA next time', async () => {
    const { server, browser } = suite;
    const context = await browser.newContext();
    const page = await context.newPage();
    onTestFailed(screenshotOnFailure(page, 'session'));
    const admin = uniqueAdmin();
    const { secret, usedStep } = await onboardAdmin(page, server.setupLink, admin);
    const signedInCookies = await context.cookies();
    expect(signedInCookies.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();

    // a fresh load of an admin page asks for sign-in again
    await page.goto('/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');

    // the old session cookie is dead on the server, not just forgotten by the browser
    const replay = await browser.newContext();
    await replay.addCookies(signedInCookies);
    const response = await replay.request.get('/api/v1/users');
    expect(response.status()).toBe(401);
    await replay.close();

    // signing in again asks for the current code (a fresh one: a used code must not be accepted twice)
    await submitSignIn(page, admin.email, admin.password);
    await page.getByRole('heading', { level: 1, name: 'Enter your one-time code' }).waitFor();
    await page.getByLabel('Six-digit code').fill('000000' === totp(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').waitFor();
    await waitForStepAfter(Math.max(usedStep, totpStep() - 1));
    await page.getByLabel('Six-digit code').fill(totp(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    // lands where the user was headed before signing in
    await page.getByRole('heading', { level: 1, name: 'Users and roles' }).waitFor();
    await page.getByRole('link', { name: 'Telehealth' }).click();
    await expectHome(page, admin);
  }, 180_000);
});
