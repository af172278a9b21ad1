import type { AuditEvent, AuditExportQuery, AuditQuery } from '../../shared/contracts';
import { api, apiFetch } from '../../shared/api-client';

export interface AuditPage {
  items: AuditEvent[];
  nextBeforeSeq: number | null;
}

export const auditApi = {
  list: (query: AuditQuery, signal?: AbortSignal) => api.get<AuditPage>('/audit-events', { query, signal }),
  /** Fetches the CSV export for the same filters as the table (ids and timestamps only in the query). */
  exportCsv: async (query: AuditExportQuery): Promise<Blob> => {
    const response = await apiFetch('GET', '/audit-events/export', { query: { ...query, format: 'csv' } });
    return response.blob();
  },
};
