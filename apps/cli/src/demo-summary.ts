import type { DemoLogin, DemoSummary } from '@telehealth/server/ops';

function roleText(r: DemoLogin['roles'][number]): string {
  const extra = [...r.specialties, ...r.languages];
  return extra.length ? `${r.role} (${extra.join(', ')})` : r.role;
}

function siteText(r: DemoLogin['roles'][number]): string {
  if (r.role === 'patient') return '(own record only)';
  return r.site ?? 'all sites';
}

/** One row per role assignment; the email only on a login's first row. */
function rows(logins: readonly DemoLogin[]): [string, string, string][] {
  return logins.flatMap((login) =>
    login.roles.map((r, i): [string, string, string] => [
      i === 0 ? login.email : '',
      roleText(r),
      siteText(r),
    ]),
  );
}

/**
 * The demo logins as a table for the terminal: email, role and site. Names are left out, so the patient
 * login prints no patient's name.
 * @param summary - what `seedDemo` returned.
 */
export function formatDemoSummary(summary: DemoSummary): string {
  const { created, totals } = summary;
  const what = `${totals.sites} sites, ${totals.users} logins, ${totals.patients} patients`;
  const change =
    created.organization || created.sites + created.users + created.patients > 0
      ? `created ${created.sites} sites, ${created.users} logins, ${created.patients} patients`
      : 'already seeded, nothing new created';
  const table: [string, string, string][] = [['EMAIL', 'ROLE', 'SITE'], ...rows(summary.logins)];
  const widths = [0, 1].map((c) => Math.max(...table.map((r) => r[c]?.length ?? 0)));
  const lines = table.map(
    ([email, role, site]) => `  ${email.padEnd(widths[0] ?? 0)}  ${role.padEnd(widths[1] ?? 0)}  ${site}`,
  );
  return [
    `Demo health system "${summary.organizationName}": ${what} (${change}).`,
    '',
    `Every demo login uses the password: ${summary.password}`,
    'Staff enrol two-factor authentication (an authenticator app) at first sign-in.',
    '',
    ...lines,
    '',
    ...(summary.visit
      ? [
          `Demo video visit: sign in as ${summary.visit.hostEmail}, open Visits → Open room;`,
          `the patient joins (no account) in another browser with: ${summary.visit.joinUrl}`,
          `(link valid until ${summary.visit.validUntil}; each run prints a new one)`,
          '',
        ]
      : []),
  ].join('\n');
}
