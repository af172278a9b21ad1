import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { totp, totpStep } from './totp.js';

/** The administrator a test creates through the setup page. */
export interface Admin {
  organizationName: string;
  name: string;
  email: string;
  password: string;
}

/** @returns a unique administrator, so tests never depend on each other's data. */
export function uniqueAdmin(): Admin {
  const tag = Math.random().toString(36).slice(2, 8);
  return {
    organizationName: `Valley Health ${tag}`,
    name: `Avery Admin ${tag}`,
    email: `admin-${tag}@example.test`,
    password: `correct horse ${tag} battery`,
  };
}

/**
 * Opens the printed setup link and creates the organization and its administrator, ending on sign-in.
 * Asserts that the setup token is removed from the address bar.
 */
export async function completeSetup(page: Page, setupLink: string, admin: Admin): Promise<void> {
  await page.goto(setupLink);
  await page.getByRole('heading', { level: 1, name: 'Set up your organization' }).waitFor();
  await expect.poll(() => page.url()).not.toContain('token=');
  await page.getByLabel('Organization name').fill(admin.organizationName);
  await page.getByLabel('Your name').fill(admin.name);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(admin.password);
  await page.getByLabel('Repeat password').fill(admin.password);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
}

/** Fills the sign-in form and submits it. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * On the MFA enrolment page: reads the secret shown to the user, computes the current code like an
 * authenticator app would, and confirms. Returns the secret and the TOTP step used.
 */
export async function enrolMfa(page: Page): Promise<{ secret: string; usedStep: number }> {
  await page.getByRole('heading', { level: 1, name: 'Set up two-factor authentication' }).waitFor();
  const secretField = page.getByLabel('Secret key');
  await expect.poll(() => secretField.inputValue()).toMatch(/^[A-Z2-7]+=*$/);
  const secret = await secretField.inputValue();
  await expect(
    page.getByRole('link', { name: 'Add to authenticator app' }).getAttribute('href'),
  ).resolves.toMatch(/^otpauth:\/\/totp\//);
  const usedStep = totpStep();
  await page.getByLabel('Six-digit code').fill(totp(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  return { secret, usedStep };
}

/** Waits for the signed-in landing page. */
export async function expectHome(page: Page, admin: Admin): Promise<void> {
  await page.getByRole('heading', { level: 1, name: `Welcome, ${admin.name}` }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Setup → sign-in → MFA enrolment → home: a brand-new administrator's first minutes. */
export async function onboardAdmin(
  page: Page,
  setupLink: string,
  admin: Admin,
): Promise<{ secret: string; usedStep: number }> {
  await completeSetup(page, setupLink, admin);
  await submitSignIn(page, admin.email, admin.password);
  const enrolment = await enrolMfa(page);
  await expectHome(page, admin);
  return enrolment;
}

/** Reads a table as header → cell text records (`<th scope="row">` counts as a cell). */
export async function readTable(page: Page, tableName?: string): Promise<Record<string, string>[]> {
  const table = tableName ? page.getByRole('table', { name: tableName }) : page.getByRole('table');
  const headers = (await table.getByRole('columnheader').allTextContents()).map((h) => h.trim());
  const rows = await table.locator('tbody').getByRole('row').all();
  const records: Record<string, string>[] = [];
  for (const row of rows) {
    const cells = await row.locator(':scope > th, :scope > td').allTextContents();
    records.push(Object.fromEntries(headers.map((h, i) => [h, (cells[i] ?? '').trim()])));
  }
  return records;
}

/**
 * Calls the API from the signed-in page, as the web app would (session cookie + CSRF token).
 * @param path - below `/api/v1`, e.g. `/cases`
 */
export async function apiAs<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/api/v1/auth/session')).json()) as { csrfToken: string };
      const res = await fetch(`/api/v1${path}`, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), 'x-csrf-token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { method, path, body },
  );
}

/**
 * Opens a new page in `context`, signs in a user for the first time (enrolling MFA) and waits for home.
 * @param name - the user's display name, as the welcome heading shows it
 */
export async function signInNew(context: BrowserContext, email: string, password: string, name: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/login');
  await submitSignIn(page, email, password);
  await enrolMfa(page);
  await page.getByRole('heading', { level: 1, name: `Welcome, ${name}` }).waitFor();
  return page;
}

/** A staff login a test created, with what `signInNew` needs. */
export interface StaffLogin {
  name: string;
  email: string;
  password: string;
}

/** A new organization (through the setup link) with one site, and the tag that keeps its names unique. */
export interface Clinic {
  admin: Page;
  tag: string;
  siteId: string;
}

/**
 * Onboards a new administrator in a new browser context and creates one site (Mountain time, Montana).
 * @param site - the site's name prefix and kind (default a clinic).
 */
export async function newClinic(browser: { newContext(): Promise<BrowserContext> }, setupLink: string, site: { name?: string; kind?: string } = {}): Promise<Clinic> {
  const admin = await (await browser.newContext()).newPage();
  await onboardAdmin(admin, setupLink, uniqueAdmin());
  const tag = Math.random().toString(36).slice(2, 8);
  const created = await apiAs<{ id: string }>(admin, 'POST', '/sites', { name: `${site.name ?? 'Clinic'} ${tag}`, kind: site.kind ?? 'clinic', timeZone: 'America/Denver', state: 'MT' });
  return { admin, tag, siteId: created.id };
}

/**
 * Creates a staff user through the admin's API: a clinician of `siteId`, or an organization-wide specialist.
 * @param who - display name and login prefix; the clinic's tag makes both unique.
 */
export async function createStaff(clinic: Clinic, who: { name: string; login: string } & ({ role: 'clinician'; siteId: string } | { role: 'specialist'; specialties: string[] })): Promise<StaffLogin> {
  const login = { name: `${who.name} ${clinic.tag}`, email: `${who.login}-${clinic.tag}@example.test`, password: `${who.login} password ${clinic.tag}` };
  const role = who.role === 'clinician'
    ? { role: 'clinician', siteId: who.siteId, specialties: [], languages: [] }
    : { role: 'specialist', siteId: null, specialties: who.specialties, languages: [] };
  await apiAs(clinic.admin, 'POST', '/users', { ...login, roles: [role] });
  return login;
}
