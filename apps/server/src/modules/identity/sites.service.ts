import { randomUUID } from 'node:crypto';
import type { Site, SiteCreate, SiteUpdate } from '@telehealth/contracts/identity';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { isUniqueViolation, type Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import * as repo from './sites.repo.js';

export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new AppError('TIME_ZONE_INVALID', `"${tz}" is not an IANA time zone`);
  }
}

export class SitesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor): Promise<Site[]> {
    return (await repo.listByOrganization(this.db, actor.organizationId)).map(toDto);
  }

  /** A site of the actor's organization; any other id answers 404. */
  async get(actor: Actor, id: string): Promise<Site> {
    return toDto(await this.requireOwn(actor, id));
  }

  /** Site ids of the actor's organization among `ids` (for validating role assignments and patients). */
  async assertOwnSites(organizationId: string, ids: string[]): Promise<void> {
    for (const id of new Set(ids)) {
      const site = await repo.findById(this.db, id);
      if (!site || site.organizationId !== organizationId) {
        if (site) await this.audit.record({ action: 'site.reference', outcome: 'denied', organizationId, resourceType: 'site', resourceId: id });
        throw new AppError('SITE_NOT_FOUND');
      }
    }
  }

  async create(actor: Actor, input: SiteCreate): Promise<Site> {
    assertTimeZone(input.timeZone);
    const row = { id: randomUUID(), organizationId: actor.organizationId, createdAt: new Date(this.clock()), ...input };
    try {
      await repo.insert(this.db, row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('SITE_NAME_TAKEN');
      throw err;
    }
    await this.audit.record({ actor, action: 'site.create', outcome: 'success', resourceType: 'site', resourceId: row.id });
    return toDto(row);
  }

  async update(actor: Actor, id: string, patch: SiteUpdate): Promise<Site> {
    await this.requireOwn(actor, id);
    if (patch.timeZone) assertTimeZone(patch.timeZone);
    try {
      await repo.update(this.db, id, patch);
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('SITE_NAME_TAKEN');
      throw err;
    }
    await this.audit.record({
      actor,
      action: 'site.update',
      outcome: 'success',
      resourceType: 'site',
      resourceId: id,
      detail: { fields: Object.keys(patch) },
    });
    return this.get(actor, id);
  }

  private async requireOwn(actor: Actor, id: string): Promise<repo.SiteRow> {
    const site = await repo.findById(this.db, id);
    if (!site || site.organizationId !== actor.organizationId) {
      if (site) await this.audit.record({ actor, action: 'site.read', outcome: 'denied', resourceType: 'site', resourceId: id });
      throw new AppError('SITE_NOT_FOUND');
    }
    return site;
  }
}

function toDto(r: repo.SiteRow): Site {
  return {
    id: r.id,
    organizationId: r.organizationId,
    name: r.name,
    kind: r.kind as Site['kind'],
    timeZone: r.timeZone,
    state: r.state,
    createdAt: r.createdAt.toISOString(),
  };
}
