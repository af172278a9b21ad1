import type { Notification, NotificationList } from '@telehealth/contracts/case-flow';
import { api } from '../../shared/api-client';

export type { Notification, NotificationList };

/** The signed-in user's in-app notifications. Titles carry no PHI; a notice links to a case by id. */
export const notificationsApi = {
  list: (signal?: AbortSignal, unread = false) => api.get<NotificationList>('/notifications', { query: { limit: 50, ...(unread ? { unread } : {}) }, signal }),
  read: (id: string) => api.post<Notification>(`/notifications/${encodeURIComponent(id)}/read`),
  readAll: () => api.post<NotificationList>('/notifications/read-all'),
};
