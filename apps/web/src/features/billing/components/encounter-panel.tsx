import { useState } from 'react';
import { ProblemAlert, TextField, useSubmit } from '../../../shared/form';
import { billingApi, type BillingEncounter } from '../api';
import { AttestationForm } from './attestation-form';
import { ClaimDetailsForm } from './claim-details-form';
import { LinesEditor } from './lines-editor';

/** One encounter: facts and where they came from, the proposal and its rules, and what staff can do. */
export function EncounterPanel({ encounter: e, onChanged }: { encounter: BillingEncounter; onChanged: () => void }) {
  const [holdReason, setHoldReason] = useState('');
  const action = useSubmit();
  const open = e.state !== 'exported';
  const run = (f: () => Promise<unknown>) => void action.run(async () => { await f(); onChanged(); });
  return (
    <section className="card" aria-labelledby="encounter-heading">
      <h2 id="encounter-heading">Encounter of {e.serviceDate}</h2>
      <h3>Proposed lines</h3>
      {e.proposed.lines.length ? (
        <ul aria-label="Proposed lines">
          {e.proposed.lines.map((l, i) => <li key={i}>{[l.code, ...l.modifiers].join('-')} · POS {l.pos ?? '—'} · {l.units} unit(s)</li>)}
        </ul>
      ) : <p>{e.proposed.notBillableReason ?? 'No line.'}</p>}
      {e.proposed.warnings.map((w) => <p key={w} className="hint">Warning: {w}</p>)}
      <h3>Why (rules applied)</h3>
      <ol aria-label="Rules applied">
        {e.proposed.rulesApplied.map((r) => <li key={r.id}><code>{r.id}</code> — {r.source}</li>)}
      </ol>
      <details>
        <summary>Facts and their sources</summary>
        <dl>
          {Object.entries(e.facts).map(([k, v]) => (
            <div key={k}><dt>{k}</dt><dd>{JSON.stringify(v)} <span className="hint">{e.sources[k] ?? ''}</span></dd></div>
          ))}
        </dl>
      </details>
      {open ? (
        <>
          <AttestationForm encounter={e} onSaved={onChanged} />
          <LinesEditor encounter={e} onSaved={onChanged} />
          <ClaimDetailsForm encounter={e} onSaved={onChanged} />
          <h3>Hold</h3>
          <ProblemAlert error={action.error} />
          {e.state === 'held' ? (
            <p>Held: {e.holdReason} <button type="button" disabled={action.pending} onClick={() => run(() => billingApi.release(e.id))}>Release</button></p>
          ) : (
            <div className="inline-form">
              <TextField label="Hold reason" value={holdReason} onValue={setHoldReason} />
              <button type="button" disabled={action.pending || holdReason.trim().length < 3} onClick={() => run(() => billingApi.hold(e.id, holdReason))}>Hold</button>
            </div>
          )}
        </>
      ) : <p>Exported ({e.exportFormat}) at {e.exportedAt}.</p>}
    </section>
  );
}
