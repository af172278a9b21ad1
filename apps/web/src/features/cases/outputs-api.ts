import type { FollowUp, FollowUpCreate, FollowUps, PatientSummary } from '@telehealth/contracts/case-outputs';
import { api, apiUrl } from '../../shared/api-client';

export type { FollowUp, FollowUps, PatientSummary };

const path = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

/** What a signed report leads to: its PDF, the patient's plain-language summary, the follow-up visit. */
export const caseOutputsApi = {
  /** The PDF of the report in force; the server serves it as an attachment (a download, never inline). */
  reportPdfUrl: (caseId: string) => apiUrl(`${path(caseId)}/report.pdf`),
  summary: (caseId: string, signal?: AbortSignal) => api.get<PatientSummary>(`${path(caseId)}/patient-summary`, { signal }),
  writeSummary: (caseId: string, body: string) => api.put<PatientSummary>(`${path(caseId)}/patient-summary`, { body }),
  approveSummary: (caseId: string, notifyPatient: boolean) => api.post<PatientSummary>(`${path(caseId)}/patient-summary/approve`, { notifyPatient }),
  followUps: (caseId: string, signal?: AbortSignal) => api.get<FollowUps>(`${path(caseId)}/follow-ups`, { signal }),
  createFollowUp: (caseId: string, body: FollowUpCreate) => api.post<FollowUp>(`${path(caseId)}/follow-ups`, body),
};
