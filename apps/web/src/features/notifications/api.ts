import type { Notification, NotificationList } from '@telehealth/contracts/case-flow';
import { api } from '../../shared/api-client';

export type { Notification, NotificationList };

/** Fired on `window` once a notice was marked read, so the header's count follows without waiting for a poll. */
export const NOTIFICATIONS_CHANGED = 'telehealth:notifications-changed';

async function changed<T>(request: Promise<T>): Promise<T> {
  const result = await request;
  window.dispatchEvent(new Event(NOTIFICATIONS_CHANGED));
  return result;
}

/** The signed-in user's in-app notifications. Titles carry no PHI; a notice links to a case by id. */
export const notificationsApi = {
  list: (signal?: AbortSignal, unread = false) => api.get<NotificationList>('/notifications', { query: { limit: 50, ...(unread ? { unread } : {}) }, signal }),
  read: (id: string) => changed(api.post<Notification>(`/notifications/${encodeURIComponent(id)}/read`)),
  readAll: () => changed(api.post<NotificationList>('/notifications/read-all')),
};
