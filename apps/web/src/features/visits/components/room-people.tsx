import { useState, type FormEvent } from 'react';
import { toApiError } from '../../../shared/api-client';
import { useResource } from '../../../shared/use-resource';
import { usersApi } from '../../users/api';
import { visitsApi } from '../api';
import type { Call, CallState } from '../hooks/call';

/** Roles the server lets the host invite by account (policy `visit.consult`). */
const INVITABLE = new Set(['clinician', 'specialist']);

/** The host invites a clinician or specialist of the organization; they join with their own sign-in. */
function InviteClinician({ visitId }: { visitId: string }) {
  const users = useResource((signal) => usersApi.list(signal), 'users');
  const [userId, setUserId] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    visitsApi
      .inviteUser(visitId, userId)
      .then((p) => setMessage(`${p.displayName} is invited and can join from their Visits page.`))
      .catch((err: unknown) => setMessage(toApiError(err).message));
  };
  const choices = (users.data ?? []).filter((u) => !u.disabled && u.roles.some((r) => INVITABLE.has(r.role)));
  return (
    <form onSubmit={submit} aria-label="Invite a clinician" className="inline-form">
      <label>
        Clinician to invite{' '}
        <select required value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">Choose…</option>
          {choices.map((u) => (
            <option key={u.id} value={u.id}>{u.name}</option>
          ))}
        </select>
      </label>{' '}
      <button type="submit">Invite</button>
      {message && <span role="status" data-testid="invite-clinician-result"> {message}</span>}
    </form>
  );
}

/**
 * Who else is in the room. The host sees clinicians invited by account with *Make co-host* / *Remove co-host*
 * and invites more; the server decides every right from the signed-in session, so these buttons only ask.
 */
export function RoomPeople({ visitId, call, state }: { visitId: string; call: Call; state: CallState }) {
  const isHost = state.me?.kind === 'host';
  const clinicians = state.peers.filter((p) => p.kind === 'clinician');
  return (
    <section className="visit-people" aria-label="Participants">
      <ul>
        {state.peers
          .filter((p) => p.admitted)
          .map((p) => (
            <li key={p.participantId} data-testid="room-participant">
              {p.displayName} <span className="muted">({p.kind === 'clinician' ? 'clinician' : p.kind}{p.cohost ? ', co-host' : ''})</span>{' '}
              {isHost && clinicians.includes(p) && (
                <button type="button" className="secondary" onClick={() => call.send({ type: 'cohost', participantId: p.participantId, cohost: !p.cohost })}>
                  {p.cohost ? 'Remove co-host' : 'Make co-host'}
                </button>
              )}
            </li>
          ))}
      </ul>
      {state.me?.cohost && <p className="muted" data-testid="cohost-badge">You are co-host: you can admit and remove participants.</p>}
      {isHost && <InviteClinician visitId={visitId} />}
    </section>
  );
}
