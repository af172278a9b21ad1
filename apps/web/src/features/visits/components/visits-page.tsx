import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Invitation } from '@telehealth/contracts/visits';
import { toApiError, type ApiError } from '../../../shared/api-client';
import { ProblemAlert } from '../../../shared/form';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { patientsApi } from '../../patients/api';
import { useSites } from '../../sites/hooks/use-sites';
import { visitsApi } from '../api';

function NewVisitForm({ siteId, onCreated }: { siteId: string; onCreated: () => void }) {
  const patients = useResource((signal) => patientsApi.list({ limit: 200, siteId }, signal), `patients:${siteId}`);
  const [patientId, setPatientId] = useState('');
  const [start, setStart] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    visitsApi
      .create({ patientId, siteId, scheduledStart: start ? new Date(start).toISOString() : null, durationMinutes: 20, reason })
      .then(() => (setReason(''), onCreated()))
      .catch((err: unknown) => setError(toApiError(err)));
  };
  return (
    <form onSubmit={submit} aria-label="New visit" className="inline-form">
      <ProblemAlert error={error} />
      <label>
        Patient{' '}
        <select required value={patientId} onChange={(e) => setPatientId(e.target.value)}>
          <option value="">Choose…</option>
          {patients.data?.items.map((p) => (
            <option key={p.id} value={p.id}>{`${p.familyName}, ${p.givenName}`}</option>
          ))}
        </select>
      </label>{' '}
      <label>
        Start (empty = now) <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
      </label>{' '}
      <label>
        Reason <input required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>{' '}
      <button type="submit">Schedule</button>
    </form>
  );
}

function InviteButton({ visitId }: { visitId: string }) {
  const [inv, setInv] = useState<Invitation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const invite = () => visitsApi.invite(visitId, { kind: 'patient' }).then(setInv).catch((e: unknown) => setError(toApiError(e).message));
  if (inv)
    return (
      <span>
        <input readOnly aria-label="Join link" value={inv.joinUrl} size={40} onFocus={(e) => e.target.select()} data-testid="join-link" />{' '}
        <button type="button" className="secondary" onClick={() => void navigator.clipboard.writeText(inv.joinUrl)}>Copy</button>
        {inv.emailed ? ' (emailed)' : ''}
      </span>
    );
  return (
    <>
      <button type="button" className="secondary" onClick={() => void invite()}>Invite patient</button>
      {error && <span role="alert"> {error}</span>}
    </>
  );
}

/** Visits the signed-in user was invited into by account (a remote specialist, another clinician): the way into each room. */
function MyInvitations() {
  const invitations = useResource((signal) => visitsApi.invitations(signal), 'visit-invitations');
  const items = invitations.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-label="Invitations for you">
      <h2>Invitations for you</h2>
      <ul>
        {items.map((i) => (
          <li key={i.participantId} data-testid="visit-invitation">
            {i.hostName} invited you — visit {i.status.replace('_', ' ')}
            {i.scheduledStart ? `, ${new Date(i.scheduledStart).toLocaleString()}` : ', on demand'}
            {i.cohost ? ' (co-host)' : ''} <Link to={`/visits/${i.visitId}/room`}>Join visit</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The clinician's day: a site's visits in the site's time zone, scheduling, invitations, and the way into each room. */
export function VisitsPage() {
  const sites = useSites();
  const [siteId, setSiteId] = useState('');
  const [date, setDate] = useState('');
  const [version, setVersion] = useState(0);
  const chosen = siteId || sites.data?.[0]?.id || '';
  const day = useResource((signal) => (chosen ? visitsApi.day(chosen, date || undefined, signal) : Promise.resolve(null)), `day:${chosen}:${date}:${version}`);
  return (
    <section>
      <PageHeader title="Visits" />
      <MyInvitations />
      <p>
        <label>
          Site{' '}
          <select value={chosen} onChange={(e) => setSiteId(e.target.value)}>
            {sites.data?.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          Day <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
      </p>
      {chosen && <NewVisitForm siteId={chosen} onCreated={() => setVersion((v) => v + 1)} />}
      <Loadable data={day.data ?? undefined} error={day.error} loading={day.loading}>
        {(d) => (
          <table className="table" aria-label="Visits of the day">
            <caption>{`${d.date} (${d.timeZone})`}</caption>
            <thead>
              <tr><th>Start</th><th>Status</th><th>Modality</th><th /></tr>
            </thead>
            <tbody>
              {d.items.map((v) => (
                <tr key={v.id} data-testid="visit-row">
                  <td>{v.scheduledStart ? new Date(v.scheduledStart).toLocaleTimeString([], { timeZone: d.timeZone, hour: '2-digit', minute: '2-digit' }) : 'On demand'}</td>
                  <td>{v.status.replace('_', ' ')}</td>
                  <td>{v.modality.replace('_', ' ')}</td>
                  <td>
                    <InviteButton visitId={v.id} /> <Link to={`/visits/${v.id}/room`}>Open room</Link> <Link to={`/visits/${v.id}/notes`}>Notes</Link>
                    {v.caseId ? <> · <Link to={`/cases/${v.caseId}`}>From consult</Link></> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loadable>
    </section>
  );
}
