import { useState } from 'react';
import { Link } from 'react-router';
import { SelectField } from '../../../shared/form';
import { formatDateTime } from '../../../shared/labels';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { hasRole, useSession } from '../../auth/hooks/session-context';
import { casesApi, STATE_LABELS } from '../api';

type View = 'referred' | 'queue' | 'assigned';

/** Worklists: a referrer's cases; a specialist's queue (unclaimed, earliest deadline first) and own cases. */
export function CasesPage() {
  const { state } = useSession();
  const specialist = hasRole(state, 'specialist');
  const referrer = ['admin', 'clinician', 'nurse'].some((r) => hasRole(state, r as 'admin'));
  const [view, setView] = useState<View>(specialist ? 'queue' : 'referred');
  const list = useResource((signal) => casesApi.list(view, signal), view);
  const options = [
    ...(referrer ? [{ value: 'referred', label: 'Referred by my sites' }] : []),
    ...(specialist ? [{ value: 'queue', label: 'Specialty queue' }, { value: 'assigned', label: 'Assigned to me' }] : []),
  ];
  return (
    <section>
      <PageHeader title="Cases">
        {specialist || hasRole(state, 'admin') ? <Link className="button-secondary" to="/cases/dashboard">Turnaround</Link> : null}
        {referrer ? <Link className="button-primary" to="/cases/new">New case</Link> : null}
      </PageHeader>
      <div className="filters">
        <SelectField label="Worklist" value={view} onValue={(v) => setView(v as View)} options={options} />
      </div>
      <Loadable {...list}>
        {(page) =>
          page.items.length === 0 ? (
            <p>No cases here.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Cases</caption>
                <thead>
                  <tr>
                    <th scope="col">Case</th>
                    <th scope="col">Specialty</th>
                    <th scope="col">Urgency</th>
                    <th scope="col">State</th>
                    <th scope="col">Due</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((c) => (
                    <tr key={c.id}>
                      <td><Link to={`/cases/${c.id}`}>{c.id.slice(0, 8)}</Link></td>
                      <td>{c.specialty}</td>
                      <td>{c.urgency}</td>
                      <td>{STATE_LABELS[c.state]}</td>
                      <td>{formatDateTime(c.dueAt)}{c.breachedAt ? ' · overdue' : c.warnedAt ? ' · due soon' : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loadable>
    </section>
  );
}
