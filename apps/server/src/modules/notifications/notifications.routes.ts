import { Notification, NotificationList, NotificationQuery } from '@telehealth/contracts/case-flow';
import { Type } from 'typebox';
import { Uuid } from '@telehealth/contracts/common';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { NotificationsService } from './notifications.service.js';

const Params = Type.Object({ notificationId: Uuid }, { additionalProperties: false });

/** The caller's in-app notifications: list, mark one read, mark all read. */
export function notificationsRoutes(app: Api, s: { notifications: NotificationsService }): void {
  const p = `${API_PREFIX}/notifications`;
  const tags = ['notifications'];
  const config = { access: 'notification.read' as const };
  app.get(p, { config, schema: { tags, querystring: NotificationQuery, response: withProblems({ 200: NotificationList }) } }, async (req) =>
    s.notifications.list(requireActor(req.ctx.actor), req.query),
  );
  app.post(`${p}/:notificationId/read`, { config, schema: { tags, params: Params, response: withProblems({ 200: Notification }) } }, async (req) =>
    s.notifications.markRead(requireActor(req.ctx.actor), req.params.notificationId),
  );
  app.post(`${p}/read-all`, { config, schema: { tags, response: withProblems({ 200: NotificationList }) } }, async (req) =>
    s.notifications.markAllRead(requireActor(req.ctx.actor)),
  );
}
