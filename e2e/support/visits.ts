import { expect, onTestFailed } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { screenshotOnFailure, type TestBrowser } from './browser.js';
import { enrolMfa, submitSignIn } from './flows.js';

/** Helpers shared by the video-visit browser tests (visits.e2e.ts, visits-cohost.e2e.ts). */

/** Polls with a timeout suited to a loaded 2-core machine (the default is 1 s). */
export const poll = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 });

export type Stats = Record<string, { framesDecoded: number; screenFramesDecoded: number; audioPackets: number; relay: boolean; iceRestarts: number }>;

/** Calls the API from the signed-in page, as the web app would (session cookie + CSRF token). */
export async function apiAs<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, path, body },
  );
}

/** The web app's diagnostics hook (features/visits/hooks/use-call.ts). */
type StatsWindow = { telehealthCallStats?: () => Promise<Stats> };
export const stats = (page: Page): Promise<Stats> => page.evaluate(() => (window as unknown as StatsWindow).telehealthCallStats?.() ?? Promise.resolve({}));

/** Waits until every peer link on the page decodes video frames (increasing) and receives audio, over TURN. */
export async function expectMediaFlowing(page: Page): Promise<void> {
  await expect.poll(async () => Object.values(await stats(page)).some((s) => s.framesDecoded > 0 && s.audioPackets > 0), { timeout: 20_000 }).toBe(true);
  const first = Object.values(await stats(page))[0]!;
  await expect.poll(async () => Object.values(await stats(page))[0]!.framesDecoded, { timeout: 10_000 }).toBeGreaterThan(first.framesDecoded);
  expect(Object.values(await stats(page))[0]!.relay).toBe(true);
}

/**
 * Every peer link on the page decodes video and receives audio (a mesh of `links` peers).
 * @param timeout - a four-person mesh is twelve encoders in one Chromium on two shared cores: give it longer
 */
export async function expectAllLinksFlowing(page: Page, links: number, timeout = 20_000): Promise<void> {
  await expect
    .poll(async () => Object.values(await stats(page)).filter((s) => s.framesDecoded > 0 && s.audioPackets > 0 && s.relay).length, { timeout })
    .toBe(links);
}

/** Opens a join link in a fresh browser profile: consent, device check, waiting room. */
export async function joinByLink(browser: TestBrowser, joinUrl: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  onTestFailed(screenshotOnFailure(page, name));
  await page.goto(joinUrl);
  await page.getByRole('heading', { name: 'Before your video visit' }).waitFor();
  await page.getByLabel('I agree to a telehealth visit').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await poll(() => page.getByTestId('connection-check').textContent()).toBe('Connection works');
  await page.getByRole('button', { name: 'Go to the waiting room' }).click();
  await poll(() => page.getByTestId('waiting-status').textContent()).toContain('knows you are waiting');
  return page;
}

/** A staff member's first sign-in in their own browser profile: password, MFA enrolment, home. */
export async function signInNewStaff(context: BrowserContext, email: string, password: string, name: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/login');
  await submitSignIn(page, email, password);
  await enrolMfa(page);
  await page.getByRole('heading', { level: 1, name: `Welcome, ${name}` }).waitFor();
  return page;
}
