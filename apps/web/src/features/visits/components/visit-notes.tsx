import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { toApiError, type ApiError } from '../../../shared/api-client';
import { ProblemAlert } from '../../../shared/form';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { visitsApi } from '../api';

/**
 * The clinician's notes on a visit: read them and add one, during the call (a panel in the room) or after it
 * (the notes page). Only the host, a co-host and staff who may write the visit's patient get them from the
 * server; the patient's and guests' screens never show this panel.
 */
export function VisitNotes({ visitId }: { visitId: string }) {
  const [version, setVersion] = useState(0);
  const notes = useResource((signal) => visitsApi.notes(visitId, signal), `notes:${visitId}:${version}`);
  const [body, setBody] = useState('');
  const [error, setError] = useState<ApiError | undefined>();
  const [saving, setSaving] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    setSaving(true);
    visitsApi
      .addNote(visitId, body.trim())
      .then(() => (setBody(''), setError(undefined), setVersion((v) => v + 1)))
      .catch((err: unknown) => setError(toApiError(err)))
      .finally(() => setSaving(false));
  };
  return (
    <section className="visit-notes" aria-label="Visit notes">
      <h2>Notes</h2>
      <p className="muted">Not shown to the patient or guests.</p>
      <Loadable data={notes.data} error={notes.error} loading={notes.loading}>
        {(d) =>
          d.items.length === 0 ? (
            <p className="muted">No notes yet.</p>
          ) : (
            <ol data-testid="visit-notes">
              {d.items.map((n) => (
                <li key={n.id}>
                  <time dateTime={n.at}>{new Date(n.at).toLocaleString()}</time> — <span style={{ whiteSpace: 'pre-wrap' }}>{n.body}</span>
                </li>
              ))}
            </ol>
          )
        }
      </Loadable>
      <form onSubmit={submit} aria-label="Add a note">
        <ProblemAlert error={error} />
        <textarea aria-label="Note" rows={3} maxLength={10_000} value={body} onChange={(e) => setBody(e.target.value)} />
        <button type="submit" disabled={saving || !body.trim()}>Add note</button>
      </form>
    </section>
  );
}

/** `/visits/:visitId/notes`: the notes after the call (or beside it in another tab). */
export function VisitNotesPage() {
  const { visitId = '' } = useParams();
  return (
    <section>
      <PageHeader title="Visit notes" />
      <p>
        <Link to="/visits">Back to visits</Link>
      </p>
      <VisitNotes visitId={visitId} />
    </section>
  );
}
