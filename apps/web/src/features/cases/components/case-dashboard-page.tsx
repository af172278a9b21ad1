import { useState } from 'react';
import { ProblemAlert, SelectField, useSubmit } from '../../../shared/form';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { hasRole, useSession } from '../../auth/hooks/session-context';
import { caseFlowApi } from '../flow-api';

const minutes = (m: number | null): string => (m === null ? '—' : m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`);

/** Turnaround per specialty (specialists: theirs; admins: all), the specialist's availability, admins' queue settings. */
export function CaseDashboardPage() {
  const { state } = useSession();
  const admin = hasRole(state, 'admin');
  const specialist = hasRole(state, 'specialist');
  const [days, setDays] = useState('30');
  const board = useResource((signal) => caseFlowApi.dashboard(Number(days), signal), days);
  return (
    <section>
      <PageHeader title="Consult turnaround" />
      <div className="filters">
        <SelectField label="Submitted in the last" value={days} onValue={setDays} options={[{ value: '7', label: '7 days' }, { value: '30', label: '30 days' }, { value: '90', label: '90 days' }]} />
      </div>
      <Loadable {...board}>
        {(d) =>
          d.items.length === 0 ? (
            <p>No consults in this period.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Turnaround per specialty</caption>
                <thead>
                  <tr>
                    <th scope="col">Specialty</th>
                    <th scope="col">Open</th>
                    <th scope="col">Answered</th>
                    <th scope="col">Median time to answer</th>
                    <th scope="col">p90 time to answer</th>
                    <th scope="col">Breaches</th>
                  </tr>
                </thead>
                <tbody>
                  {d.items.map((r) => (
                    <tr key={r.specialty}>
                      <td>{r.specialty}</td>
                      <td>{r.open}</td>
                      <td>{r.answered}</td>
                      <td>{minutes(r.medianAnswerMinutes)}</td>
                      <td>{minutes(r.p90AnswerMinutes)}</td>
                      <td>{r.breaches}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loadable>
      <p className="hint">Times to answer leave out the time a case waited for information from the referrer.</p>
      {specialist ? <AvailabilityToggle /> : null}
      {admin ? <QueueSettings /> : null}
    </section>
  );
}

function AvailabilityToggle() {
  const availability = useResource((signal) => caseFlowApi.availability(signal), 'me');
  const action = useSubmit();
  // shown at once; the server's answer (or the error) follows
  const [shown, setShown] = useState<boolean | undefined>(undefined);
  return (
    <Loadable {...availability}>
      {(a) => (
        <fieldset>
          <legend>Automatic assignment</legend>
          <ProblemAlert error={action.error} />
          <label>
            <input
              type="checkbox"
              checked={shown ?? a.available}
              disabled={action.pending}
              onChange={(e) => {
                const available = e.target.checked;
                setShown(available);
                void action.run(async () => {
                  await caseFlowApi.setAvailability(available);
                }).then((ok) => (ok ? availability.reload() : setShown(undefined)));
              }}
            />{' '}
            I am available for new consults
          </label>
        </fieldset>
      )}
    </Loadable>
  );
}

function QueueSettings() {
  const queues = useResource((signal) => caseFlowApi.queues(signal), 'queues');
  const action = useSubmit();
  const [shown, setShown] = useState<Record<string, boolean>>({});
  return (
    <Loadable {...queues}>
      {(q) => (
        <fieldset>
          <legend>Queues: assign automatically to the least loaded available specialist</legend>
          <ProblemAlert error={action.error} />
          {q.items.map((queue) => (
            <label key={queue.specialty} className="checkbox-row">
              <input
                type="checkbox"
                checked={shown[queue.specialty] ?? queue.autoAssign}
                disabled={action.pending}
                onChange={(e) => {
                  const autoAssign = e.target.checked;
                  setShown((m) => ({ ...m, [queue.specialty]: autoAssign }));
                  void action.run(async () => {
                    await caseFlowApi.setQueue({ ...queue, autoAssign });
                  }).then((ok) => {
                    if (!ok) setShown(({ [queue.specialty]: _dropped, ...rest }) => rest);
                    queues.reload();
                  });
                }}
              />{' '}
              {queue.specialty}
            </label>
          ))}
        </fieldset>
      )}
    </Loadable>
  );
}
