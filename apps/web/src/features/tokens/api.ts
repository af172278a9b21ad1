import type { ApiToken, ApiTokenCreate } from '../../shared/contracts';
import { api } from '../../shared/api-client';

/** The answer to a create: the stored token plus its secret, which the server never shows again. */
export type ApiTokenCreated = ApiToken & { token: string };

export const tokensApi = {
  list: (signal?: AbortSignal) => api.get<{ items: ApiToken[] }>('/tokens', { signal }).then((r) => r.items),
  create: (body: ApiTokenCreate) => api.post<ApiTokenCreated>('/tokens', body),
  revoke: (tokenId: string) => api.delete(`/tokens/${encodeURIComponent(tokenId)}`),
};
