import { randomUUID } from 'node:crypto';
import type { Patient, PatientCreate, PatientListQuery, PatientUpdate } from '@telehealth/contracts/identity';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { seal, unseal } from '../../platform/crypto.js';
import { isUniqueViolation, type Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { decidePatient, patientScope, type PatientScope } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SitesService } from '../identity/sites.service.js';
import * as repo from './patients.repo.js';
import { isOnCareTeam } from '../../platform/patient-scope-sql.js';

type PatientPermission = 'patient.read' | 'patient.write' | 'care_team.write';

/**
 * Patient records, reached only through the policy layer. Every read and write is audited with the
 * patient's id, allowed or denied.
 */
export class PatientsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sites: SitesService,
    private readonly masterKey: Buffer,
  ) {}

  async list(actor: Actor, q: PatientListQuery): Promise<{ items: Patient[]; nextCursor: string | null }> {
    const limit = q.limit ?? 50;
    const after = q.cursor ? this.openCursor(q.cursor, actor) : undefined;
    const rows = await repo.listInScope(this.db, patientScope(actor, 'patient.read'), {
      ...(q.siteId ? { siteId: q.siteId } : {}),
      ...(after ? { after } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    await this.audit.record({
      actor,
      action: 'patient.list',
      outcome: 'success',
      resourceType: 'patient',
      detail: { count: page.length, patientIds: page.map((p) => p.id) },
    });
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit && last ? this.makeCursor([last.familyName, last.givenName, last.id], actor) : null,
    };
  }

  async get(actor: Actor, id: string): Promise<Patient> {
    const row = await this.requireAccess(actor, id, 'patient.read', 'patient.read');
    await this.audit.record({ actor, action: 'patient.read', outcome: 'success', patientId: id, resourceType: 'patient', resourceId: id });
    return toDto(row);
  }

  async create(actor: Actor, input: PatientCreate): Promise<Patient> {
    await this.sites.assertOwnSites(actor.organizationId, [input.siteId]);
    const scope = patientScope(actor, 'patient.write');
    if (scope.kind === 'sites' && !scope.siteIds.includes(input.siteId)) {
      await this.audit.record({ actor, action: 'patient.create', outcome: 'denied', resourceType: 'site', resourceId: input.siteId });
      throw new AppError('FORBIDDEN', 'You can register patients only at your own sites.');
    }
    const row = {
      id: randomUUID(),
      organizationId: actor.organizationId,
      siteId: input.siteId,
      mrn: input.mrn,
      givenName: input.givenName,
      familyName: input.familyName,
      birthDate: input.birthDate,
      sex: input.sex,
      email: input.email?.toLowerCase() ?? null,
      phone: input.phone ?? null,
      preferredLanguage: input.preferredLanguage ?? 'en',
      addressState: input.addressState ?? null,
      createdAt: new Date(this.clock()),
    };
    try {
      await repo.insert(this.db, row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('MRN_TAKEN');
      throw err;
    }
    await this.audit.record({ actor, action: 'patient.create', outcome: 'success', patientId: row.id, resourceType: 'patient', resourceId: row.id });
    return toDto(row);
  }

  async update(actor: Actor, id: string, patch: PatientUpdate): Promise<Patient> {
    await this.requireAccess(actor, id, 'patient.write', 'patient.update');
    try {
      await repo.update(this.db, id, { ...patch, ...(patch.email ? { email: patch.email.toLowerCase() } : {}) });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('MRN_TAKEN');
      throw err;
    }
    await this.audit.record({
      actor,
      action: 'patient.update',
      outcome: 'success',
      patientId: id,
      resourceType: 'patient',
      resourceId: id,
      detail: { fields: Object.keys(patch) },
    });
    const row = await repo.findById(this.db, id);
    if (!row) throw new AppError('PATIENT_NOT_FOUND');
    return toDto(row);
  }

  async careTeam(actor: Actor, id: string): Promise<{ userId: string; name: string; addedAt: string }[]> {
    await this.requireAccess(actor, id, 'patient.read', 'care_team.read');
    const rows = await repo.listCareTeam(this.db, id);
    await this.audit.record({ actor, action: 'care_team.read', outcome: 'success', patientId: id, resourceType: 'patient', resourceId: id });
    return rows.map((r) => ({ ...r, addedAt: r.addedAt.toISOString() }));
  }

  /** Adds a staff member of the same organization to the patient's care team. */
  async addToCareTeam(actor: Actor, id: string, userId: string, userInOrganization: boolean): Promise<void> {
    await this.requireAccess(actor, id, 'care_team.write', 'care_team.add');
    if (!userInOrganization) throw new AppError('USER_NOT_FOUND');
    await repo.addCareTeam(this.db, id, userId, new Date(this.clock()));
    await this.audit.record({
      actor,
      action: 'care_team.add',
      outcome: 'success',
      patientId: id,
      resourceType: 'user',
      resourceId: userId,
    });
  }

  async removeFromCareTeam(actor: Actor, id: string, userId: string): Promise<void> {
    await this.requireAccess(actor, id, 'care_team.write', 'care_team.remove');
    if (!(await repo.removeCareTeam(this.db, id, userId))) throw new AppError('USER_NOT_FOUND');
    await this.audit.record({ actor, action: 'care_team.remove', outcome: 'success', patientId: id, resourceType: 'user', resourceId: userId });
  }

  async existsInOrganization(organizationId: string, id: string): Promise<boolean> {
    return repo.existsInOrganization(this.db, organizationId, id);
  }

  /**
   * Loads a patient and asks the policy layer. Denials are audited; another organization's record (or, for
   * a patient login, anyone else's) answers 404 exactly like a record that does not exist.
   */
  private async requireAccess(actor: Actor, id: string, permission: PatientPermission, action: string): Promise<repo.PatientRow> {
    const row = await repo.findById(this.db, id);
    if (!row) throw new AppError('PATIENT_NOT_FOUND');
    const scope: PatientScope = patientScope(actor, permission);
    const onCareTeam = scope.kind === 'sites' && (await isOnCareTeam(this.db, id, actor.userId));
    const decision = decidePatient(scope, row, onCareTeam);
    if (decision !== 'allow') {
      await this.audit.record({
      actor,
        action,
        outcome: 'denied',
        patientId: id,
        resourceType: 'patient',
        resourceId: id,
        detail: { reason: decision },
      });
      throw decision === 'not_found' ? new AppError('PATIENT_NOT_FOUND') : new AppError('FORBIDDEN');
    }
    return row;
  }

  // Cursors carry a name, so they are sealed: opaque to the client and safe in a URL.
  private makeCursor(key: repo.PatientKey, actor: Actor): string {
    return seal(this.masterKey, JSON.stringify(key), `patients-cursor:${actor.userId}`);
  }

  private openCursor(cursor: string, actor: Actor): repo.PatientKey {
    try {
      const key = JSON.parse(unseal(this.masterKey, cursor, `patients-cursor:${actor.userId}`)) as unknown;
      if (Array.isArray(key) && key.length === 3 && key.every((k) => typeof k === 'string')) return key as repo.PatientKey;
    } catch {
      // fall through: any tampering or foreign cursor is a bad request
    }
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid.', { errors: [{ path: '/cursor', message: 'invalid cursor' }] });
  }
}

function toDto(r: repo.PatientRow): Patient {
  return {
    id: r.id,
    organizationId: r.organizationId,
    siteId: r.siteId,
    mrn: r.mrn,
    givenName: r.givenName,
    familyName: r.familyName,
    birthDate: r.birthDate,
    sex: r.sex as Patient['sex'],
    email: r.email,
    phone: r.phone,
    preferredLanguage: r.preferredLanguage,
    addressState: r.addressState,
    createdAt: r.createdAt.toISOString(),
  };
}
