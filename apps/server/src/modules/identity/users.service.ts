import { randomUUID } from 'node:crypto';
import {
  STAFF_ROLES,
  type RoleAssignment,
  type User,
  type UserCreate,
  type UserUpdate,
} from '@telehealth/contracts/identity';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation, type Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { sessionEvents } from '../../platform/session-events.js';
import type { AuditService } from '../audit/audit.service.js';
import { assertPasswordPolicy, hashPassword } from './password.js';
import * as sessions from './sessions.repo.js';
import type { SitesService } from './sites.service.js';
import * as tokens from './tokens.repo.js';
import * as repo from './users.repo.js';

/** Answers whether a patient record belongs to an organization (wired to the patients module). */
export type PatientInOrganization = (organizationId: string, patientId: string) => Promise<boolean>;

export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sites: SitesService,
    private readonly patientInOrganization: PatientInOrganization,
  ) {}

  async list(actor: Actor): Promise<User[]> {
    return (await repo.listByOrganization(this.db, actor.organizationId)).map(toDto);
  }

  async get(actor: Actor, id: string): Promise<User> {
    return toDto(await this.requireOwn(actor, id));
  }

  /**
   * Creates a user in `organizationId`. Used by admins through the API (actor set) and by the CLI and the
   * demo seed (actor null, recorded as a system action).
   */
  async create(organizationId: string, input: UserCreate, actor: Actor | null): Promise<User> {
    await this.assertRoles(organizationId, input.roles, input.patientId ?? null);
    assertPasswordPolicy(input.password, input.email);
    const row = {
      id: randomUUID(),
      organizationId,
      email: input.email.toLowerCase(),
      name: input.name,
      passwordHash: await hashPassword(input.password),
      disabled: false,
      patientId: input.patientId ?? null,
      createdAt: new Date(this.clock()),
    };
    try {
      await this.db.transaction((tx) => repo.insert(tx, row, input.roles));
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('EMAIL_TAKEN');
      throw err;
    }
    await this.audit.record({
      action: 'user.create',
      outcome: 'success',
      actor,
      organizationId,
      resourceType: 'user',
      resourceId: row.id,
      detail: { roles: input.roles.map((r) => r.role) },
    });
    const created = await repo.findById(this.db, row.id);
    if (!created) throw new AppError('INTERNAL');
    return toDto(created);
  }

  async update(actor: Actor, id: string, patch: UserUpdate): Promise<User> {
    const user = await this.requireOwn(actor, id);
    if (patch.disabled === true && !user.disabled && user.roles.some((r) => r.role === 'admin')) {
      await this.assertNotLastAdmin(user);
    }
    const now = new Date(this.clock());
    await this.db.transaction(async (tx) => {
      await repo.update(tx, id, patch);
      if (patch.disabled === true) {
        await sessions.revokeUserSessions(tx, id, now);
        await tokens.revokeAllForUser(tx, id, now);
      }
    });
    if (patch.disabled === true) sessionEvents.emit('user-disabled', id);
    const action = patch.disabled === true ? 'user.disable' : patch.disabled === false ? 'user.enable' : 'user.update';
    await this.audit.record({ actor, action, outcome: 'success', resourceType: 'user', resourceId: id, detail: { fields: Object.keys(patch) } });
    return this.get(actor, id);
  }

  /** Replaces a user's roles: a privilege change, audited with before and after. */
  async replaceRoles(actor: Actor, id: string, roles: RoleAssignment[]): Promise<User> {
    const user = await this.requireOwn(actor, id);
    await this.assertRoles(actor.organizationId, roles, user.patientId);
    if (user.roles.some((r) => r.role === 'admin') && !roles.some((r) => r.role === 'admin')) {
      await this.assertNotLastAdmin(user);
    }
    await this.db.transaction((tx) => repo.replaceRoles(tx, id, roles));
    await this.audit.record({
      actor,
      action: 'user.roles.change',
      outcome: 'success',
      resourceType: 'user',
      resourceId: id,
      detail: { from: user.roles, to: roles },
    });
    return this.get(actor, id);
  }

  async findByEmail(email: string): Promise<User | null> {
    const user = await repo.findByEmail(this.db, email);
    return user ? toDto(user) : null;
  }

  private async assertNotLastAdmin(user: repo.UserWithRoles): Promise<void> {
    if ((await repo.countOtherActiveAdmins(this.db, user.organizationId, user.id)) === 0) throw new AppError('LAST_ADMIN');
  }

  private async assertRoles(organizationId: string, roles: RoleAssignment[], patientId: string | null): Promise<void> {
    const isPatient = roles.some((r) => r.role === 'patient');
    if (isPatient && roles.length > 1) {
      throw new AppError('ROLE_INVALID', 'A patient login holds only the patient role.');
    }
    if (isPatient !== (patientId !== null)) {
      throw new AppError('ROLE_INVALID', 'A patient login needs patientId, and only a patient login may have one.');
    }
    if (patientId && !(await this.patientInOrganization(organizationId, patientId))) {
      throw new AppError('ROLE_INVALID', 'The patient record does not exist in this organization.');
    }
    for (const r of roles) {
      if (r.specialties.length > 0 && r.role !== 'specialist') {
        throw new AppError('ROLE_INVALID', 'Only the specialist role takes specialties.');
      }
      if (r.languages.length > 0 && r.role !== 'interpreter') {
        throw new AppError('ROLE_INVALID', 'Only the interpreter role takes languages.');
      }
      if (r.role === 'specialist' && r.specialties.length === 0) {
        throw new AppError('ROLE_INVALID', 'A specialist needs at least one specialty.');
      }
      if (r.role === 'interpreter' && r.languages.length === 0) {
        throw new AppError('ROLE_INVALID', 'An interpreter needs at least one language.');
      }
      if (r.role === 'patient' && r.siteId !== null) throw new AppError('ROLE_INVALID', 'The patient role is not per site.');
    }
    await this.sites.assertOwnSites(
      organizationId,
      roles.map((r) => r.siteId).filter((s): s is string => s !== null),
    );
  }

  private async requireOwn(actor: Actor, id: string): Promise<repo.UserWithRoles> {
    const user = await repo.findById(this.db, id);
    if (!user || user.organizationId !== actor.organizationId) {
      if (user) await this.audit.record({ actor, action: 'user.read', outcome: 'denied', resourceType: 'user', resourceId: id });
      throw new AppError('USER_NOT_FOUND');
    }
    return user;
  }
}

export function isStaff(roles: RoleAssignment[]): boolean {
  return roles.some((r) => STAFF_ROLES.includes(r.role));
}

function toDto(u: repo.UserWithRoles): User {
  return {
    id: u.id,
    organizationId: u.organizationId,
    email: u.email,
    name: u.name,
    roles: u.roles,
    mfaEnrolled: u.totpSecretSealed !== null,
    disabled: u.disabled,
    patientId: u.patientId,
    createdAt: u.createdAt.toISOString(),
  };
}
