import type {
  Case,
  CaseCreate,
  CaseDraftUpdate,
  CaseList,
  CaseTemplate,
  Reassign,
  ReportAmend,
  ReportSign,
} from '@telehealth/contracts/cases';
import { api, apiUrl } from '../../shared/api-client';

export type { Case, CaseTemplate };

const path = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

/** Consults API. Only ids go into paths and query strings — never names or clinical text. */
export const casesApi = {
  templates: (signal?: AbortSignal) => api.get<{ items: CaseTemplate[] }>('/case-templates', { signal }).then((r) => r.items),
  list: (view: 'referred' | 'queue' | 'assigned', signal?: AbortSignal) => api.get<CaseList>('/cases', { query: { view, limit: 100 }, signal }),
  get: (caseId: string, signal?: AbortSignal) => api.get<Case>(path(caseId), { signal }),
  create: (body: CaseCreate) => api.post<Case>('/cases', body),
  save: (caseId: string, body: CaseDraftUpdate) => api.patch<Case>(path(caseId), body),
  /** Submits with an Idempotency-Key: a retry after a lost answer submits nothing twice. */
  submit: (caseId: string, idempotencyKey: string) => api.post<Case>(`${path(caseId)}/submit`, undefined, { headers: { 'idempotency-key': idempotencyKey } }),
  event: (caseId: string, event: 'withdraw' | 'acknowledge' | 'close' | 'claim') => api.post<Case>(`${path(caseId)}/${event}`),
  reply: (caseId: string, body: string) => api.post<Case>(`${path(caseId)}/replies`, { body }),
  ask: (caseId: string, body: string) => api.post<Case>(`${path(caseId)}/questions`, { body }),
  sign: (caseId: string, body: ReportSign) => api.post<Case>(`${path(caseId)}/report`, body),
  amend: (caseId: string, body: ReportAmend) => api.post<Case>(`${path(caseId)}/report/amendments`, body),
  /** Acknowledges the case's critical result(s): the referrer, or a clinician of the referring site. */
  acknowledgeCritical: (caseId: string) => api.post<Case>(`${path(caseId)}/critical-result/acknowledge`),
  reassign: (caseId: string, body: Reassign) => api.post<Case>(`${path(caseId)}/reassign`, body),
  attachmentUrl: (caseId: string, attachmentId: string, variant: 'original' | 'thumbnail' = 'original') =>
    apiUrl(`${path(caseId)}/attachments/${encodeURIComponent(attachmentId)}`, variant === 'thumbnail' ? { variant } : undefined),
};

export const STATE_LABELS: Record<Case['state'], string> = {
  draft: 'Draft',
  submitted: 'Waiting in queue',
  assigned: 'Assigned',
  in_review: 'In review',
  awaiting_information: 'Question for the referrer',
  answered: 'Report ready',
  acknowledged: 'Acknowledged',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  returned: 'Returned: retake requested',
};

export const OUTCOME_LABELS: Record<ReportSign['outcome'], string> = {
  answered_no_visit_needed: 'Answered, no visit needed',
  recommend_visit: 'Recommend a visit',
  recommend_urgent_visit: 'Recommend an urgent visit',
  retake_requested: 'Retake requested',
};
