import type { SetupRequest } from '../../shared/contracts';
import { api } from '../../shared/api-client';

export const setupApi = {
  status: (signal?: AbortSignal) => api.get<{ needed: boolean }>('/setup/status', { signal }),
  complete: (body: SetupRequest) =>
    api.post<{ organizationId: string; userId: string }>('/setup', body, { redirectOnUnauthorized: false }),
};
