import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliSandbox, type CliSandbox, type RunningCli } from './testing/cli-sandbox.js';

// One database for the whole file, used in order: each CLI start on a new PGlite dir costs seconds.
let cli: CliSandbox;
let server: RunningCli | null = null;
beforeAll(async () => {
  cli = await createCliSandbox();
});
afterAll(async () => {
  await server?.stop('SIGKILL');
  await cli.close();
});

const DEMO_PASSWORD = 'BigSky-Demo-Telehealth-2026';
const generated: { email: string; password: string } = {
  email: 'new.nurse@highplains.example',
  password: '',
};
let token = '';

async function countCreations(): Promise<Record<string, number>> {
  const r = await cli.run(['audit', 'export', '--format', 'json']);
  expect(r.code).toBe(0);
  const counts: Record<string, number> = {};
  for (const line of r.stdout.trim().split('\n')) {
    const { action } = JSON.parse(line) as { action: string };
    if (action.endsWith('.create')) counts[action] = (counts[action] ?? 0) + 1;
  }
  return counts;
}

async function login(
  url: string,
  email: string,
  password: string,
): Promise<{ status: number; stage?: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, ...((await res.json()) as { stage?: string }) };
}

describe('telehealth operator commands', () => {
  it('migrate applies every migration in order, then reports nothing to apply', async () => {
    const versions = fs
      .readdirSync(new URL('../../server/src/migrations/', import.meta.url))
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .map((f) => f.replace(/\.sql$/, ''));
    expect(versions[0]).toBe('0001_foundation');
    const first = await cli.run(['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Applied ${versions.length} migrations to `);
    expect(first.stdout).toContain(versions.map((v) => `  ${v}`).join('\n'));
    const again = await cli.run(['migrate']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to apply');
  });

  it('user create explains how to get an organization when there is none (exit 1)', async () => {
    const r = await cli.run(['user', 'create', '--email', 'a@b.example', '--name', 'A', '--role', 'admin']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('there is no organization yet');
  });

  it('demo seed creates the demo health system once; a second run creates nothing', async () => {
    const first = await cli.run(['demo', 'seed']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      '"High Plains Health": 9 sites, 21 logins, 36 patients (created 9 sites, 21 logins, 36 patients)',
    );
    expect(first.stdout).toContain(`password: ${DEMO_PASSWORD}`);
    expect(first.stdout).toMatch(
      /er\.physician@highplains\.example\s+clinician\s+High Plains Emergency Department/,
    );
    expect(first.stdout).toMatch(/interpreter\.vi@highplains\.example\s+interpreter \(vi\)/);
    expect(first.stdout).not.toContain('Delgado'); // the patient login's record stays unprinted

    const second = await cli.run(['demo', 'seed']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already seeded, nothing new created');
    expect(await countCreations()).toEqual({
      'organization.create': 1,
      'site.create': 9,
      'patient.create': 36,
      'user.create': 21,
      // the open demo visit and three queued consults, plus the completed visit and answered consult that the
      // billing queue shows (demo-billing.ts)
      'visit.create': 2,
      'case.create': 4,
    });
  });

  it('user create generates a password once and assigns the role at a site found by name', async () => {
    const r = await cli.run([
      'user',
      'create',
      '--email',
      generated.email,
      '--name',
      'New Nurse',
      '--role',
      'nurse',
      '--site',
      'prairie creek family clinic',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Created user ${generated.email} (nurse at Prairie Creek Family Clinic) in High Plains Health.`,
    );
    generated.password = /Password \(shown once\): (\S+)/.exec(r.stdout)?.[1] ?? '';
    expect(generated.password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){4}$/);
  });

  it('user create reads the password from stdin and takes repeated specialties', async () => {
    const r = await cli.run(
      [
        'user',
        'create',
        '--email',
        'eye@highplains.example',
        '--name',
        'Eye Doc',
        '--role',
        'specialist',
        '--specialty',
        'ophthalmology',
        '--specialty',
        'retina',
        '--org',
        'High Plains Health',
        '--password-stdin',
      ],
      { input: 'a long and private passphrase\n' },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(specialist at every site)');
    expect(r.stdout).not.toContain('Password (shown once)');
  });

  it('user create fails with exit 1 and a clear message for a taken email or an unknown site', async () => {
    const taken = await cli.run([
      'user',
      'create',
      '--email',
      generated.email,
      '--name',
      'X',
      '--role',
      'nurse',
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('A user with this email already exists (EMAIL_TAKEN)');
    const nowhere = await cli.run([
      'user',
      'create',
      '--email',
      'x@highplains.example',
      '--name',
      'X',
      '--role',
      'nurse',
      '--site',
      'Atlantis',
    ]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toContain('has no site with the name or id "Atlantis"');
  });

  it('token create prints only the token on stdout', async () => {
    const r = await cli.run([
      'token',
      'create',
      '--email',
      'admin@highplains.example',
      '--expires',
      '7d',
      '--name',
      'ci',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^th_[A-Za-z0-9_-]+\n$/);
    expect(r.stderr).toContain('API token "ci" for admin@highplains.example expires');
    token = r.stdout.trim();
    const unknown = await cli.run(['token', 'create', '--email', 'nobody@highplains.example']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no user has the email nobody@highplains.example');
  });

  it('serve answers the API: the token authenticates and demo staff sign in to MFA enrolment', async () => {
    server = await cli.start(['serve']);
    const sites = await fetch(`${server.url}/api/v1/sites`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(sites.status).toBe(200);
    expect(((await sites.json()) as { items: unknown[] }).items).toHaveLength(9);
    expect(await login(server.url, 'er.physician@highplains.example', DEMO_PASSWORD)).toMatchObject({
      status: 200,
      stage: 'mfa_enrol',
    });
    expect((await login(server.url, generated.email, generated.password)).stage).toBe('mfa_enrol');
  });

  it('a second process on the embedded database exits 2 naming the server that holds it', async () => {
    if (!server) throw new Error('serve is not running');
    const r = await cli.run(['migrate']);
    if (cli.kind === 'postgres') {
      // PostgreSQL is shared: migrating while a server runs is fine.
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Nothing to apply');
      return;
    }
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `The embedded database in ${cli.dataDir} is in use by process ${server.pid} (telehealth server)`,
    );
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('serve shuts down gracefully on SIGTERM with exit 0', async () => {
    if (!server) throw new Error('serve is not running');
    const r = await server.stop('SIGTERM');
    server = null;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Telehealth platform listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(r.stdout).not.toContain('/setup#token='); // an organization exists
  });
});
