import type { Availability, CaseQueue, Dashboard } from '@telehealth/contracts/case-flow';
import { api } from '../../shared/api-client';

/** Turnaround dashboard, queue settings (admins) and the specialist's own availability. */
export const caseFlowApi = {
  dashboard: (days: number, signal?: AbortSignal) => api.get<Dashboard>('/case-dashboard', { query: { days }, signal }),
  queues: (signal?: AbortSignal) => api.get<{ items: CaseQueue[] }>('/case-queues', { signal }),
  setQueue: (q: CaseQueue) => api.put<CaseQueue>(`/case-queues/${encodeURIComponent(q.specialty)}`, { leadUserId: q.leadUserId, autoAssign: q.autoAssign }),
  availability: (signal?: AbortSignal) => api.get<Availability>('/specialists/me/availability', { signal }),
  setAvailability: (available: boolean) => api.put<Availability>('/specialists/me/availability', { available }),
};
