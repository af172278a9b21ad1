import { randomUUID } from 'node:crypto';
import type { SetupRequest } from '@telehealth/contracts/identity';
import type { Clock } from '../../platform/clock.js';
import { randomToken, sha256Hex } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import * as credentials from './credentials.repo.js';
import { assertPasswordPolicy, hashPassword } from './password.js';
import * as users from './users.repo.js';

const SETUP_TOKEN_TTL_MS = 24 * 3_600_000;

/**
 * First-run set-up. There is no default account: on an empty database the server prints a one-time link
 * whose token creates the first organization and its administrator.
 */
export class SetupService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async needed(): Promise<boolean> {
    return (await users.countOrganizations(this.db)) === 0;
  }

  /** Issues a new setup token (invalidating any earlier one) when set-up is still needed; else null. */
  async issueToken(): Promise<string | null> {
    if (!(await this.needed())) return null;
    const token = randomToken(32);
    await credentials.replaceSetupToken(this.db, sha256Hex(token), new Date(this.clock() + SETUP_TOKEN_TTL_MS));
    return token;
  }

  /** Creates another organization (operators: CLI and demo seed); returns its id, or the existing one's. */
  async ensureOrganization(name: string): Promise<{ id: string; created: boolean }> {
    const existing = await users.findOrganizationByName(this.db, name);
    if (existing) return { id: existing.id, created: false };
    const id = randomUUID();
    await users.insertOrganization(this.db, { id, name, createdAt: new Date(this.clock()) });
    await this.audit.record({
      action: 'organization.create',
      outcome: 'success',
      actor: null,
      organizationId: id,
      resourceType: 'organization',
      resourceId: id,
    });
    return { id, created: true };
  }

  async complete(req: SetupRequest): Promise<{ organizationId: string; userId: string }> {
    assertPasswordPolicy(req.password, req.adminEmail);
    const passwordHash = await hashPassword(req.password);
    const now = new Date(this.clock());
    const organizationId = randomUUID();
    const userId = randomUUID();
    await this.db.transaction(async (tx) => {
      if ((await users.countOrganizations(tx)) > 0) throw new AppError('SETUP_ALREADY_DONE');
      if (!(await credentials.consumeSetupToken(tx, sha256Hex(req.token), now))) throw new AppError('SETUP_TOKEN_INVALID');
      await users.insertOrganization(tx, { id: organizationId, name: req.organizationName, createdAt: now });
      await users.insert(
        tx,
        {
          id: userId,
          organizationId,
          email: req.adminEmail.toLowerCase(),
          name: req.adminName,
          passwordHash,
          disabled: false,
          patientId: null,
          createdAt: now,
        },
        [{ role: 'admin', siteId: null, specialties: [], languages: [] }],
      );
    });
    await this.audit.record({
      action: 'setup.complete',
      outcome: 'success',
      actor: null,
      userId,
      organizationId,
      resourceType: 'organization',
      resourceId: organizationId,
    });
    return { organizationId, userId };
  }
}
