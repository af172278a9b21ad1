import { useState } from 'react';
import { Link } from 'react-router';
import { ProblemAlert, TextField, useSubmit } from '../../../shared/form';
import { formatDateTime } from '../../../shared/labels';
import { useResource } from '../../../shared/use-resource';
import { type Case, OUTCOME_LABELS } from '../api';
import { caseOutputsApi, type FollowUp, type FollowUps } from '../outputs-api';
import { suggestedWindow, toLocalInput } from '../time-frame';

type Kind = FollowUp['kind'];

/** Schedules the recommended visit: a video visit (through the visits module) or an in-person visit booked elsewhere. */
function FollowUpForm({ c, offer, kind, onDone }: { c: Case; offer: NonNullable<FollowUps['offer']>; kind: Kind; onDone: () => void }) {
  const window = suggestedWindow(offer.outcome, offer.timeFrame, new Date());
  const [start, setStart] = useState(window ? toLocalInput(window.proposed) : '');
  const [minutes, setMinutes] = useState(kind === 'video' ? '20' : '30');
  const [location, setLocation] = useState('');
  const { pending, error, run } = useSubmit();
  const late = window && start && new Date(start) > window.by;
  const submit = () =>
    void run(async () => {
      const common = { scheduledStart: new Date(start).toISOString(), durationMinutes: Number(minutes) };
      await caseOutputsApi.createFollowUp(c.id, kind === 'video' ? { kind, ...common } : { kind, ...common, location });
      onDone();
    });
  return (
    <form aria-label={kind === 'video' ? 'Schedule video visit' : 'Record in-person visit'} onSubmit={(e) => { e.preventDefault(); submit(); }}>
      {window ? <p className="hint">Suggested window: by {formatDateTime(window.by.toISOString())} ({offer.timeFrame ?? 'urgent'}).</p> : null}
      <TextField label="Start" type="datetime-local" value={start} onValue={setStart} required />
      {late ? <p className="alert" role="status">This is later than the recommended time frame.</p> : null}
      <TextField label="Duration (minutes)" type="number" min={5} max={240} value={minutes} onValue={setMinutes} required />
      {kind === 'in_person' ? <TextField label="Place" value={location} onValue={setLocation} maxLength={300} required /> : null}
      <ProblemAlert error={error} />
      <button type="submit" className="button-primary" disabled={pending || !start}>{kind === 'video' ? 'Schedule the video visit' : 'Record the visit'}</button>
    </form>
  );
}

/**
 * The follow-up a report recommends (docs/cases.md): the referring side is offered a video visit or to record an
 * in-person one; everyone on the case sees what was scheduled, a video visit linked to its page.
 */
export function FollowUpPanel({ c, canSchedule }: { c: Case; canSchedule: boolean }) {
  const [version, setVersion] = useState(0);
  const [kind, setKind] = useState<Kind | null>(null);
  const data = useResource((signal) => caseOutputsApi.followUps(c.id, signal), `follow-ups:${c.id}:${c.state}:${c.reports.length}:${version}`);
  const f = data.data;
  if (!f || (!f.offer && f.items.length === 0)) return null;
  return (
    <section className="card" aria-labelledby="follow-up-title">
      <h2 id="follow-up-title">Follow-up visit</h2>
      {f.offer ? (
        <p>
          The report recommends: <strong>{OUTCOME_LABELS[f.offer.outcome]}</strong>
          {f.offer.timeFrame ? `, ${f.offer.timeFrame}` : ''}.
        </p>
      ) : null}
      {f.items.length > 0 ? (
        <ul aria-label="Scheduled follow-ups">
          {f.items.map((i) => (
            <li key={i.id} data-testid="follow-up">
              {i.kind === 'video' ? 'Video visit' : 'In-person visit'}, {formatDateTime(i.scheduledStart)}, {i.durationMinutes} min
              {i.location ? `, ${i.location}` : ''}
              {i.visitId ? <> · <Link to={`/visits/${i.visitId}`}>Open the visit</Link></> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canSchedule && f.offer ? (
        <p>
          <button type="button" className={kind === 'video' ? 'button-primary' : 'button-secondary'} onClick={() => setKind('video')}>Schedule video visit</button>{' '}
          <button type="button" className={kind === 'in_person' ? 'button-primary' : 'button-secondary'} onClick={() => setKind('in_person')}>Record in-person visit</button>
        </p>
      ) : null}
      {canSchedule && f.offer && kind ? <FollowUpForm key={kind} c={c} offer={f.offer} kind={kind} onDone={() => { setKind(null); setVersion((v) => v + 1); }} /> : null}
    </section>
  );
}
