import type { Site, SiteCreate, SiteUpdate } from '../../shared/contracts';
import { api } from '../../shared/api-client';

export const sitesApi = {
  list: (signal?: AbortSignal) => api.get<{ items: Site[] }>('/sites', { signal }).then((r) => r.items),
  get: (siteId: string, signal?: AbortSignal) =>
    api.get<Site>(`/sites/${encodeURIComponent(siteId)}`, { signal }),
  create: (body: SiteCreate) => api.post<Site>('/sites', body),
  update: (siteId: string, body: SiteUpdate) => api.patch<Site>(`/sites/${encodeURIComponent(siteId)}`, body),
};
