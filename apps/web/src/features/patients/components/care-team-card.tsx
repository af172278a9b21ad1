import { useState, type FormEvent } from 'react';
import { ProblemAlert, SelectField, useSubmit } from '../../../shared/form';
import { formatDateTime } from '../../../shared/labels';
import { Loadable } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { usersApi } from '../../users/api';
import { patientsApi } from '../api';

/** The staff who look after a patient; membership is what grants non-admin staff access to the record. */
export function CareTeamCard({ patientId }: { patientId: string }) {
  const team = useResource((signal) => patientsApi.careTeam(patientId, signal), patientId);
  const users = useResource((signal) => usersApi.list(signal), 'users');
  const [userId, setUserId] = useState('');
  const { pending, error, run } = useSubmit();

  const members = new Set((team.data ?? []).map((m) => m.userId));
  const candidates = (users.data ?? []).filter(
    (u) => !u.disabled && !members.has(u.id) && u.roles.some((r) => r.role !== 'patient'),
  );

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!userId) return;
    void run(async () => {
      await patientsApi.addToCareTeam(patientId, userId);
      setUserId('');
      team.reload();
    });
  };
  const remove = (memberId: string) => {
    void run(async () => {
      await patientsApi.removeFromCareTeam(patientId, memberId);
      team.reload();
    });
  };

  return (
    <section className="card" aria-labelledby="care-team-heading">
      <h2 id="care-team-heading">Care team</h2>
      <ProblemAlert error={error} />
      <Loadable {...team}>
        {(items) =>
          items.length === 0 ? (
            <p>Nobody is on this patient&rsquo;s care team yet.</p>
          ) : (
            <ul className="member-list">
              {items.map((m) => (
                <li key={m.userId}>
                  <span>
                    {m.name} <span className="muted">added {formatDateTime(m.addedAt)}</span>
                  </span>
                  <button
                    type="button"
                    className="button-secondary"
                    disabled={pending}
                    onClick={() => remove(m.userId)}
                    aria-label={`Remove ${m.name} from the care team`}
                  >
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
      <form onSubmit={add} className="form-inline">
        <SelectField
          label="Staff member"
          value={userId}
          onValue={setUserId}
          options={[
            { value: '', label: 'Choose someone…' },
            ...candidates.map((u) => ({ value: u.id, label: u.name })),
          ]}
        />
        <button type="submit" className="button-primary" disabled={pending || !userId}>
          Add to care team
        </button>
      </form>
    </section>
  );
}
