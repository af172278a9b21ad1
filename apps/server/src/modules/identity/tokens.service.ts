import { randomUUID } from 'node:crypto';
import type { ApiToken, ApiTokenCreate } from '@telehealth/contracts/identity';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { randomToken, sha256Hex } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { API_TOKEN_PREFIX } from './auth.service.js';
import * as repo from './tokens.repo.js';
import * as users from './users.repo.js';

/** Personal and service API tokens: random secrets shown once, stored as SHA-256, expiring, revocable. */
export class TokensService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<ApiToken[]> {
    return (await repo.listByUser(this.db, actor.userId)).map(toDto);
  }

  async create(userId: string, input: ApiTokenCreate, actor?: Actor | null): Promise<ApiToken & { token: string }> {
    const now = this.clock();
    const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
    const row = {
      id: randomUUID(),
      userId,
      name: input.name,
      tokenHash: sha256Hex(token),
      createdAt: new Date(now),
      expiresAt: new Date(now + input.expiresInDays * 86_400_000),
      lastUsedAt: null,
      revokedAt: null,
    };
    await repo.insert(this.db, row);
    const owner = await users.findById(this.db, userId);
    await this.audit.record({
      organizationId: owner?.organizationId ?? null,
      action: 'token.create',
      outcome: 'success',
      resourceType: 'api_token',
      resourceId: row.id,
      userId,
      ...(actor !== undefined ? { actor } : {}),
      detail: { expiresInDays: input.expiresInDays },
    });
    return { ...toDto(row), token };
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    const row = await repo.findById(this.db, id);
    if (!row || row.userId !== actor.userId) {
      await this.audit.record({ actor, action: 'token.revoke', outcome: 'denied', resourceType: 'api_token', resourceId: id });
      throw new AppError('TOKEN_NOT_FOUND');
    }
    await repo.revoke(this.db, id, new Date(this.clock()));
    await this.audit.record({ actor, action: 'token.revoke', outcome: 'success', resourceType: 'api_token', resourceId: id });
  }
}

function toDto(r: repo.TokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    userId: r.userId,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    lastUsedAt: r.lastUsedAt ? r.lastUsedAt.toISOString() : null,
    revoked: r.revokedAt !== null,
  };
}
