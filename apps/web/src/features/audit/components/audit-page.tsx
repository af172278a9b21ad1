import { useCallback, useEffect, useState } from 'react';
import type { AuditEvent, AuditExportQuery } from '../../../shared/contracts';
import { type ApiError, toApiError } from '../../../shared/api-client';
import { ProblemAlert, useSubmit } from '../../../shared/form';
import { PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { usersApi } from '../../users/api';
import { auditApi } from '../api';
import { toQuery, type AuditFilterValues } from '../hooks/audit-filters';
import { AuditFiltersForm } from './audit-filters-form';
import { AuditTable } from './audit-table';

const PAGE_SIZE = 100;

/** Saves a blob as a file through a temporary object URL. */
function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The audit report: who did what to which record, when, and whether it was allowed. */
export function AuditPage() {
  const users = useResource((signal) => usersApi.list(signal), 'users');
  const [query, setQuery] = useState<AuditExportQuery>({});
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [beforeSeq, setBeforeSeq] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [knownActions, setKnownActions] = useState<string[]>([]);
  const exporting = useSubmit();

  const load = useCallback(
    async (before: number | undefined, signal?: AbortSignal) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await auditApi.list({ ...query, limit: PAGE_SIZE, beforeSeq: before }, signal);
        setEvents((prev) => (before ? [...prev, ...page.items] : page.items));
        setBeforeSeq(page.nextBeforeSeq);
        setKnownActions((prev) => [...new Set([...prev, ...page.items.map((e) => e.action)])]);
      } catch (err) {
        if (!signal?.aborted) setError(toApiError(err));
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [query],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(undefined, controller.signal);
    return () => controller.abort();
  }, [load]);

  const apply = (values: AuditFilterValues) => {
    const next = toQuery(values);
    if ('problem' in next) {
      setError(next);
      return;
    }
    setQuery(next);
  };

  const exportCsv = () => {
    void exporting.run(async () => {
      const blob = await auditApi.exportCsv(query);
      download(blob, `audit-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.csv`);
    });
  };

  const userName = (userId: string | null) => {
    if (!userId) return 'System';
    return users.data?.find((u) => u.id === userId)?.name ?? userId;
  };

  return (
    <section>
      <PageHeader title="Audit report">
        <button type="button" className="button-secondary" onClick={exportCsv} disabled={exporting.pending}>
          {exporting.pending ? 'Exporting…' : 'Export CSV'}
        </button>
      </PageHeader>
      <ProblemAlert error={exporting.error} />
      <AuditFiltersForm users={users.data ?? []} knownActions={knownActions} onApply={apply} />
      <ProblemAlert error={error} />
      {events.length === 0 && !loading && !error ? <p>No audit events match these filters.</p> : null}
      {events.length > 0 ? <AuditTable events={events} userName={userName} /> : null}
      {loading ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : null}
      {beforeSeq !== null && !loading ? (
        <button type="button" className="button-secondary" onClick={() => void load(beforeSeq)}>
          Load older
        </button>
      ) : null}
    </section>
  );
}
