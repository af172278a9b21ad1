import { describe, expect, it } from 'vitest';
import { ROLES, type Role, type RoleAssignment } from '@telehealth/contracts/identity';
import type { Actor } from './actor.js';
import { can, decidePatient, GRANTS, patientScope, type Permission } from './policy.js';

const ORG = '10000000-0000-4000-8000-000000000001';
const OTHER_ORG = '10000000-0000-4000-8000-000000000002';
const SITE_A = '20000000-0000-4000-8000-00000000000a';
const SITE_B = '20000000-0000-4000-8000-00000000000b';
const SITE_C = '20000000-0000-4000-8000-00000000000c';
const PATIENT = '30000000-0000-4000-8000-000000000001';
const OTHER_PATIENT = '30000000-0000-4000-8000-000000000002';
const USER = '40000000-0000-4000-8000-000000000001';

function role(r: Role, siteId: string | null): RoleAssignment {
  return { role: r, siteId, specialties: [], languages: [] };
}

function actor(roles: RoleAssignment[], patientId: string | null = null): Actor {
  return {
    userId: USER,
    organizationId: ORG,
    roles,
    patientId,
    via: 'session',
    sessionId: 's',
    tokenId: null,
  };
}

const patientAt = (siteId: string, organizationId = ORG, id = PATIENT) => ({ id, organizationId, siteId });

describe('can', () => {
  it('grants audit reading to administrators only', () => {
    for (const r of ROLES) expect(can(actor([role(r, null)]), 'audit.read')).toBe(r === 'admin');
  });

  it('lets a patient login read patient data but never write it or reach the directory', () => {
    const p = actor([role('patient', null)], PATIENT);
    expect(can(p, 'patient.read')).toBe(true);
    const refused: Permission[] = [
      'patient.write',
      'care_team.write',
      'site.read',
      'user.read',
      'token.manage',
      'audit.read',
    ];
    for (const perm of refused) expect(can(p, perm)).toBe(false);
  });

  it('grants a permission when any one of several roles holds it', () => {
    expect(can(actor([role('billing', SITE_A), role('nurse', SITE_B)]), 'patient.write')).toBe(true);
    expect(can(actor([role('billing', SITE_A)]), 'patient.write')).toBe(false);
  });

  it('grants nothing to an actor without roles', () => {
    for (const perm of Object.keys(GRANTS) as Permission[]) expect(can(actor([]), perm)).toBe(false);
  });
});

describe('patientScope', () => {
  it('is the whole organization for an assignment without a site', () => {
    expect(patientScope(actor([role('admin', null)]), 'patient.read')).toEqual({
      kind: 'organization',
      organizationId: ORG,
    });
    expect(patientScope(actor([role('clinician', SITE_A), role('nurse', null)]), 'patient.write')).toEqual({
      kind: 'organization',
      organizationId: ORG,
    });
  });

  it('is the actor’s sites, de-duplicated, plus their care-team patients for site assignments', () => {
    expect(
      patientScope(
        actor([role('clinician', SITE_A), role('nurse', SITE_B), role('nurse', SITE_A)]),
        'patient.read',
      ),
    ).toEqual({
      kind: 'sites',
      organizationId: ORG,
      siteIds: [SITE_A, SITE_B],
      careTeamUserId: USER,
    });
  });

  it('counts only the roles that hold the permission asked for', () => {
    // billing may read at site C but may not write anywhere: writing is limited to the nurse's site.
    const a = actor([role('billing', SITE_C), role('nurse', SITE_A)]);
    expect(patientScope(a, 'patient.read')).toMatchObject({ kind: 'sites', siteIds: [SITE_C, SITE_A] });
    expect(patientScope(a, 'patient.write')).toMatchObject({ kind: 'sites', siteIds: [SITE_A] });
    // an org-wide billing role does not widen the nurse's write scope
    expect(
      patientScope(actor([role('billing', null), role('nurse', SITE_A)]), 'patient.write'),
    ).toMatchObject({
      kind: 'sites',
      siteIds: [SITE_A],
    });
  });

  it('is nothing for staff without the permission', () => {
    expect(patientScope(actor([role('billing', SITE_A)]), 'patient.write')).toEqual({
      kind: 'self',
      organizationId: ORG,
      patientId: null,
    });
  });

  it('is only their own record, and only to read, for a patient login', () => {
    const p = actor([role('patient', null)], PATIENT);
    expect(patientScope(p, 'patient.read')).toEqual({
      kind: 'self',
      organizationId: ORG,
      patientId: PATIENT,
    });
    expect(patientScope(p, 'patient.write')).toEqual({ kind: 'self', organizationId: ORG, patientId: null });
    expect(patientScope(p, 'care_team.write')).toEqual({
      kind: 'self',
      organizationId: ORG,
      patientId: null,
    });
  });
});

describe('decidePatient', () => {
  it('allows an organization-wide actor any patient of the organization', () => {
    const scope = patientScope(actor([role('admin', null)]), 'patient.read');
    expect(decidePatient(scope, patientAt(SITE_A), false)).toBe('allow');
    expect(decidePatient(scope, patientAt(SITE_C), false)).toBe('allow');
  });

  it('allows a site actor patients of their sites and forbids other sites', () => {
    const scope = patientScope(actor([role('clinician', SITE_A)]), 'patient.read');
    expect(decidePatient(scope, patientAt(SITE_A), false)).toBe('allow');
    expect(decidePatient(scope, patientAt(SITE_B), false)).toBe('forbidden');
  });

  it('allows a site actor a patient of another site when they are on the care team', () => {
    const scope = patientScope(actor([role('clinician', SITE_A)]), 'patient.read');
    expect(decidePatient(scope, patientAt(SITE_B), true)).toBe('allow');
  });

  it('allows a patient login its own record and answers not_found for anyone else’s', () => {
    const scope = patientScope(actor([role('patient', null)], PATIENT), 'patient.read');
    expect(decidePatient(scope, patientAt(SITE_A), false)).toBe('allow');
    expect(decidePatient(scope, patientAt(SITE_A, ORG, OTHER_PATIENT), false)).toBe('not_found');
    expect(decidePatient(scope, patientAt(SITE_A, ORG, OTHER_PATIENT), true)).toBe('not_found');
  });

  it('answers not_found for staff who may not write, not revealing the record', () => {
    const scope = patientScope(actor([role('billing', SITE_A)]), 'patient.write');
    expect(decidePatient(scope, patientAt(SITE_A), false)).toBe('not_found');
  });

  it('answers not_found for another organization’s patient whatever the scope or care team', () => {
    const scopes = [
      patientScope(actor([role('admin', null)]), 'patient.read'),
      patientScope(actor([role('clinician', SITE_A)]), 'patient.read'),
      patientScope(actor([role('patient', null)], PATIENT), 'patient.read'),
    ];
    for (const scope of scopes) {
      expect(decidePatient(scope, patientAt(SITE_A, OTHER_ORG), false)).toBe('not_found');
      expect(decidePatient(scope, patientAt(SITE_A, OTHER_ORG), true)).toBe('not_found');
    }
  });
});
