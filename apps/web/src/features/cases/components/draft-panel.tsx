import { useEffect, useRef, useState } from 'react';
import type { Case, CaseTemplate } from '../api';
import { casesApi } from '../api';
import { ProblemAlert, SelectField, useSubmit } from '../../../shared/form';
import { type FieldValue, TemplateFieldInput } from './template-field';

interface Draft {
  urgency: Case['urgency'];
  question: string;
  history: Record<string, FieldValue>;
  consent: boolean;
}

const AUTOSAVE_MS = 700;

/** The referrer's draft: question, urgency, the template's history and consent — saved as you type. */
export function DraftPanel({ c, template, onSubmitted }: { c: Case; template: CaseTemplate; onSubmitted: (c: Case) => void }) {
  const [draft, setDraft] = useState<Draft>({ urgency: c.urgency, question: c.question, history: c.history, consent: c.consent?.given ?? false });
  const [saved, setSaved] = useState<'saved' | 'saving' | 'unsaved'>('saved');
  const dirty = useRef(false);
  const save = useSubmit();
  const submit = useSubmit();
  const idempotencyKey = useRef(crypto.randomUUID());

  useEffect(() => {
    if (!dirty.current) return;
    setSaved('unsaved');
    const timer = setTimeout(() => {
      setSaved('saving');
      void save.run(async () => {
        await casesApi.save(c.id, { urgency: draft.urgency, question: draft.question, history: draft.history, consent: { given: draft.consent, method: 'verbal' } });
        setSaved('saved');
      });
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [draft, c.id, save.run]);

  const change = (patch: Partial<Draft>) => {
    dirty.current = true;
    setDraft((d) => ({ ...d, ...patch }));
  };

  const doSubmit = () =>
    void submit.run(async () => {
      await casesApi.save(c.id, { urgency: draft.urgency, question: draft.question, history: draft.history, consent: { given: draft.consent, method: 'verbal' } });
      onSubmitted(await casesApi.submit(c.id, idempotencyKey.current));
    });

  return (
    <section className="card" aria-labelledby="draft-title">
      <h2 id="draft-title">{template.title}: the referral</h2>
      <p className="save-state" role="status">{saved === 'saved' ? 'All changes saved' : saved === 'saving' ? 'Saving…' : 'Editing…'}</p>
      <ProblemAlert error={save.error} />
      <SelectField label="Urgency" value={draft.urgency} onValue={(v) => change({ urgency: v as Case['urgency'] })}
        options={[{ value: 'routine', label: 'Routine' }, { value: 'urgent', label: 'Urgent' }, { value: 'stat', label: 'Stat' }]} />
      <div className="field">
        <label htmlFor="case-question">Clinical question *</label>
        <textarea id="case-question" rows={3} value={draft.question} onChange={(e) => change({ question: e.target.value })} />
      </div>
      {template.historyFields.map((f) => (
        <TemplateFieldInput key={f.key} field={f} value={draft.history[f.key]} onValue={(v) => change({ history: { ...draft.history, [f.key]: v } })} />
      ))}
      <label className="checkbox">
        <input type="checkbox" checked={draft.consent} onChange={(e) => change({ consent: e.target.checked })} />
        The patient consents to this consult (verbal consent recorded)
      </label>
      <ProblemAlert error={submit.error} />
      <button type="button" className="button-primary" disabled={submit.pending} onClick={doSubmit}>
        {c.state === 'returned' ? 'Resubmit the case' : 'Submit the case'}
      </button>
    </section>
  );
}
