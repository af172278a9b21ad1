import { randomUUID } from 'node:crypto';
import type { Notification, NotificationKind, NotificationList, NotificationQuery } from '@telehealth/contracts/case-flow';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import * as repo from './notifications.repo.js';

/**
 * In-app notifications (docs/cases.md "Notifications"): one row per recipient, read only by that recipient.
 * Titles are fixed sentences chosen by the platform, never free text, so they carry no PHI; a notice links
 * to a case by its opaque id, and opening the case goes through the case's own access checks.
 */
export class NotificationsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores a notice for each recipient.
   * @param tx - the caller's transaction, so a notice commits with the change it reports (or not at all).
   */
  async deliver(userIds: string[], kind: NotificationKind, title: string, caseId: string | null, tx: Db = this.db): Promise<void> {
    const at = new Date(this.clock());
    await repo.insertMany(tx, [...new Set(userIds)].map((userId) => ({ id: randomUUID(), userId, kind, title, caseId, createdAt: at, readAt: null })));
  }

  /** The caller's own notifications, newest first, and how many are unread. */
  async list(actor: Actor, q: NotificationQuery): Promise<NotificationList> {
    const [rows, unread] = await Promise.all([repo.listForUser(this.db, actor.userId, q.unread ?? false, q.limit ?? 30), repo.countUnread(this.db, actor.userId)]);
    return { items: rows.map(toDto), unread };
  }

  /** Marks one of the caller's notifications read; anyone else's is 404, audited. */
  async markRead(actor: Actor, id: string): Promise<Notification> {
    const row = await repo.findById(this.db, id);
    if (!row || row.userId !== actor.userId) {
      await this.audit.record({ actor, action: 'notification.read', outcome: 'denied', resourceType: 'notification', resourceId: id, detail: { reason: 'not_found' } });
      throw new AppError('NOTIFICATION_NOT_FOUND');
    }
    await repo.markRead(this.db, actor.userId, id, new Date(this.clock()));
    return toDto((await repo.findById(this.db, id))!);
  }

  async markAllRead(actor: Actor): Promise<NotificationList> {
    await repo.markAllRead(this.db, actor.userId, new Date(this.clock()));
    return this.list(actor, {});
  }
}

function toDto(r: repo.NotificationRow): Notification {
  return {
    id: r.id,
    kind: r.kind as NotificationKind,
    title: r.title,
    caseId: r.caseId,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt ? r.readAt.toISOString() : null,
  };
}
