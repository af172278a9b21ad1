import type { RoleAssignment } from '@telehealth/contracts/identity';
import type { Actor } from '../../platform/actor.js';
import type { Services } from '../../services.js';
import {
  DEMO_EMAIL_DOMAIN,
  DEMO_ORGANIZATION,
  DEMO_PASSWORD,
  DEMO_SITES,
  DEMO_USERS,
  demoPatients,
  type DemoRole,
  type DemoUser,
  type SiteName,
} from './demo-data.js';
import { systemActor } from './system-actor.js';
import { seedDemoVisit, type DemoVisit } from './demo-visits.js';
import { seedDemoCases } from './demo-cases.js';
import { seedDemoBilling } from './demo-billing.js';

import { assertDemoAllowed } from './demo-guard.js';

export { DEMO_PASSWORD } from './demo-data.js';
export { assertDemoAllowed, DemoRefusedError } from './demo-guard.js';

/** One demo login as printed for the person trying the platform: no patient data, only who signs in where. */
export interface DemoLogin {
  email: string;
  name: string;
  roles: { role: RoleAssignment['role']; site: string | null; specialties: string[]; languages: string[] }[];
}

export interface DemoSummary {
  organizationId: string;
  organizationName: string;
  /** The password of every demo login. */
  password: string;
  /** What this run created; all zero (and `organization` false) when the demo was already seeded. */
  created: { organization: boolean; sites: number; users: number; patients: number };
  /** How many demo sites, logins and patients exist now. */
  totals: { sites: number; users: number; patients: number };
  logins: DemoLogin[];
  /** The seeded video visit and a fresh patient join link (see demo-visits.ts). */
  visit: DemoVisit | null;
}

/** The services the seed uses: everything goes through them, so every change is audited as a system action. */
export type DemoServices = Pick<Services, 'config' | 'setup' | 'sites' | 'users' | 'patients' | 'visits' | 'cases' | 'caseReview'> &
  Pick<Services, 'visitJoin' | 'visitSession' | 'visitBilling' | 'caseTime' | 'encounters'>;


/**
 * Seeds the demo health system "High Plains Health" (see docs/demo.md). Idempotent: sites are looked up by
 * name, patients by MRN and users by email first, so a second run creates nothing.
 * @param services - the platform's services; the organization, sites, patients and users are created through them.
 * @throws DemoRefusedError when the platform runs in production.
 */
export async function seedDemo(services: DemoServices): Promise<DemoSummary> {
  assertDemoAllowed(services.config.env);
  const org = await services.setup.ensureOrganization(DEMO_ORGANIZATION);
  const actor = systemActor(org.id);
  const sites = await ensureSites(services, actor);
  const patients = await ensurePatients(services, actor, sites.ids);
  const users = await ensureUsers(services, org.id, sites.ids, patients.ids);
  const visit = await seedDemoVisit(services, actor, patients.ids);
  await seedDemoCases(services, patients.ids, sites.ids);
  await seedDemoBilling(services, patients.ids, sites.ids);
  return {
    organizationId: org.id,
    organizationName: DEMO_ORGANIZATION,
    password: DEMO_PASSWORD,
    created: {
      organization: org.created,
      sites: sites.created,
      users: users.created,
      patients: patients.created,
    },
    totals: { sites: sites.ids.size, users: DEMO_USERS.length, patients: patients.ids.size },
    logins: DEMO_USERS.map(loginOf),
    visit,
  };
}

interface Ensured<K> {
  ids: Map<K, string>;
  created: number;
}

async function ensureSites(s: DemoServices, actor: Actor): Promise<Ensured<SiteName>> {
  const existing = new Map((await s.sites.list(actor)).map((site) => [site.name, site.id]));
  const ids = new Map<SiteName, string>();
  let created = 0;
  for (const { name, kind, state, timeZone } of DEMO_SITES) {
    let id = existing.get(name);
    if (id === undefined) {
      id = (await s.sites.create(actor, { name, kind, state, timeZone })).id;
      created++;
    }
    ids.set(name, id);
  }
  return { ids, created };
}

/** MRN → patient id of every patient in the organization (the seed's system actor sees them all). */
async function existingPatients(s: DemoServices, actor: Actor): Promise<Map<string, string>> {
  const byMrn = new Map<string, string>();
  let cursor: string | null = null;
  do {
    const page: { items: { id: string; mrn: string }[]; nextCursor: string | null } = await s.patients.list(
      actor,
      {
        limit: 200,
        ...(cursor ? { cursor } : {}),
      },
    );
    for (const p of page.items) byMrn.set(p.mrn, p.id);
    cursor = page.nextCursor;
  } while (cursor);
  return byMrn;
}

async function ensurePatients(
  s: DemoServices,
  actor: Actor,
  siteIds: Map<SiteName, string>,
): Promise<Ensured<string>> {
  const existing = await existingPatients(s, actor);
  const ids = new Map<string, string>();
  let created = 0;
  for (const { site, ...fields } of demoPatients()) {
    let id = existing.get(fields.mrn);
    if (id === undefined) {
      id = (await s.patients.create(actor, { ...fields, siteId: requireId(siteIds, site) })).id;
      created++;
    }
    ids.set(fields.mrn, id);
  }
  return { ids, created };
}

async function ensureUsers(
  s: DemoServices,
  organizationId: string,
  siteIds: Map<SiteName, string>,
  patientIds: Map<string, string>,
): Promise<{ created: number }> {
  let created = 0;
  for (const user of DEMO_USERS) {
    const email = emailOf(user);
    if (await s.users.findByEmail(email)) continue;
    const roles = user.roles.map((r) => assignment(r, siteIds));
    const patientId = user.patientMrn ? requireId(patientIds, user.patientMrn) : undefined;
    await s.users.create(
      organizationId,
      { email, name: user.name, password: DEMO_PASSWORD, roles, ...(patientId ? { patientId } : {}) },
      null,
    );
    created++;
  }
  return { created };
}

function assignment(r: DemoRole, siteIds: Map<SiteName, string>): RoleAssignment {
  return {
    role: r.role,
    siteId: r.site === null ? null : requireId(siteIds, r.site),
    specialties: r.specialties ?? [],
    languages: r.languages ?? [],
  };
}

function requireId<K>(ids: Map<K, string>, key: K): string {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo data refers to an unknown entry: ${String(key)}`);
  return id;
}

function emailOf(user: DemoUser): string {
  return `${user.login}@${DEMO_EMAIL_DOMAIN}`;
}

function loginOf(user: DemoUser): DemoLogin {
  return {
    email: emailOf(user),
    name: user.name,
    roles: user.roles.map((r) => ({
      role: r.role,
      site: r.site,
      specialties: r.specialties ?? [],
      languages: r.languages ?? [],
    })),
  };
}
