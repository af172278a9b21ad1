import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { Patient } from '../../../shared/contracts';
import { type ApiError, toApiError } from '../../../shared/api-client';
import { ProblemAlert, SelectField } from '../../../shared/form';
import { PageHeader } from '../../../shared/ui';
import { useSites } from '../../sites/hooks/use-sites';
import { patientsApi } from '../api';

const PAGE_SIZE = 50;

/** Patients of the organization, newest pages fetched with the keyset cursor ("Load more"). */
export function PatientsPage() {
  const sites = useSites();
  const [siteId, setSiteId] = useState('');
  const [items, setItems] = useState<Patient[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const load = useCallback(
    async (after: string | undefined, signal?: AbortSignal) => {
      setLoading(true);
      setError(undefined);
      try {
        const page = await patientsApi.list(
          { limit: PAGE_SIZE, cursor: after, siteId: siteId || undefined },
          signal,
        );
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        if (!signal?.aborted) setError(toApiError(err));
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [siteId],
  );

  useEffect(() => {
    const controller = new AbortController();
    void load(undefined, controller.signal);
    return () => controller.abort();
  }, [load]);

  return (
    <section>
      <PageHeader title="Patients">
        <Link className="button-primary" to="/admin/patients/new">
          New patient
        </Link>
      </PageHeader>
      <div className="filters">
        <SelectField
          label="Show patients of"
          value={siteId}
          onValue={setSiteId}
          options={[
            { value: '', label: 'All sites' },
            ...(sites.data ?? []).map((s) => ({ value: s.id, label: s.name })),
          ]}
        />
      </div>
      <ProblemAlert error={error} />
      {items.length === 0 && !loading && !error ? <p>No patients yet.</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Patients</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">MRN</th>
                <th scope="col">Date of birth</th>
                <th scope="col">Site</th>
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <Link to={`/admin/patients/${p.id}`}>
                      {p.familyName}, {p.givenName}
                    </Link>
                  </th>
                  <td>{p.mrn}</td>
                  <td>{p.birthDate.slice(0, 10)}</td>
                  <td>{sites.nameOf(p.siteId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {loading ? (
        <p className="loading" role="status">
          Loading…
        </p>
      ) : null}
      {cursor && !loading ? (
        <button type="button" className="button-secondary" onClick={() => void load(cursor)}>
          Load more
        </button>
      ) : null}
    </section>
  );
}
