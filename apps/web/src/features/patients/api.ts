import type { Patient, PatientCreate, PatientUpdate } from '../../shared/contracts';
import { api } from '../../shared/api-client';

export interface CareTeamMember {
  userId: string;
  name: string;
  addedAt: string;
}

export interface PatientPage {
  items: Patient[];
  nextCursor: string | null;
}

const path = (patientId: string) => `/patients/${encodeURIComponent(patientId)}`;

/** Patients API. Only ids go into paths and query strings — never names or MRNs. */
export const patientsApi = {
  list: (query: { limit: number; cursor?: string; siteId?: string }, signal?: AbortSignal) =>
    api.get<PatientPage>('/patients', { query, signal }),
  get: (patientId: string, signal?: AbortSignal) => api.get<Patient>(path(patientId), { signal }),
  create: (body: PatientCreate) => api.post<Patient>('/patients', body),
  update: (patientId: string, body: PatientUpdate) => api.patch<Patient>(path(patientId), body),
  careTeam: (patientId: string, signal?: AbortSignal) =>
    api.get<{ items: CareTeamMember[] }>(`${path(patientId)}/care-team`, { signal }).then((r) => r.items),
  addToCareTeam: (patientId: string, userId: string) =>
    api.post<CareTeamMember>(`${path(patientId)}/care-team`, { userId }),
  removeFromCareTeam: (patientId: string, userId: string) =>
    api.delete(`${path(patientId)}/care-team/${encodeURIComponent(userId)}`),
};
