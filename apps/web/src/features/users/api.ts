import type { RoleAssignment, User, UserCreate, UserUpdate } from '../../shared/contracts';
import { api } from '../../shared/api-client';

const path = (userId: string) => `/users/${encodeURIComponent(userId)}`;

export const usersApi = {
  list: (signal?: AbortSignal) => api.get<{ items: User[] }>('/users', { signal }).then((r) => r.items),
  get: (userId: string, signal?: AbortSignal) => api.get<User>(path(userId), { signal }),
  create: (body: UserCreate) => api.post<User>('/users', body),
  update: (userId: string, body: UserUpdate) => api.patch<User>(path(userId), body),
  replaceRoles: (userId: string, roles: RoleAssignment[]) =>
    api.put<User>(`${path(userId)}/roles`, { roles }),
};
