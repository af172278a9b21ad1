import { useState } from 'react';
import type { Case, CaseTemplate } from '../api';
import { casesApi, OUTCOME_LABELS } from '../api';
import { ProblemAlert, SelectField, TextField, useSubmit } from '../../../shared/form';
import { type FieldValue, TemplateFieldInput } from './template-field';

type Outcome = keyof typeof OUTCOME_LABELS;

/** The specialist's structured report from the specialty template; signing locks it, later changes are amendments. */
export function ReportForm({ c, template, amend, onDone }: { c: Case; template: CaseTemplate; amend: boolean; onDone: (c: Case) => void }) {
  const last = c.reports.at(-1);
  const [fields, setFields] = useState<Record<string, FieldValue>>((last?.fields) ?? {});
  const [outcome, setOutcome] = useState<Outcome>(last?.outcome ?? 'answered_no_visit_needed');
  const [timeFrame, setTimeFrame] = useState(last?.timeFrame ?? '');
  const [reason, setReason] = useState('');
  const [critical, setCritical] = useState(false);
  const [finding, setFinding] = useState('');
  const { pending, error, run } = useSubmit();
  const outcomes = (Object.keys(OUTCOME_LABELS) as Outcome[]).filter((o) => !amend || o !== 'retake_requested');

  const sign = () =>
    void run(async () => {
      const body = { outcome, fields, ...(timeFrame ? { timeFrame } : {}), ...(critical ? { critical, criticalFinding: finding } : {}) };
      onDone(amend ? await casesApi.amend(c.id, { ...body, reason }) : await casesApi.sign(c.id, body));
    });

  return (
    <section className="card" aria-labelledby="report-title">
      <h2 id="report-title">{amend ? 'Amend the report' : 'Report'}</h2>
      {template.reportFields.map((f) => (
        <TemplateFieldInput key={f.key} field={f} value={fields[f.key]} onValue={(v) => setFields((x) => ({ ...x, [f.key]: v }))} />
      ))}
      <SelectField label="Outcome" value={outcome} onValue={(v) => setOutcome(v as Outcome)} options={outcomes.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} />
      {outcome === 'recommend_visit' || outcome === 'recommend_urgent_visit' ? (
        <TextField label="Time frame" value={timeFrame} onValue={setTimeFrame} placeholder="within 4 weeks" />
      ) : null}
      {outcome !== 'retake_requested' ? (
        <fieldset className="critical-flag">
          <legend>Critical result</legend>
          <label className="checkbox-row">
            <input type="checkbox" checked={critical} onChange={(e) => setCritical(e.target.checked)} />
            This report contains a critical result: the referrer is told at once and must acknowledge it
          </label>
          {critical ? (
            <div className="field">
              <label htmlFor="critical-finding">Critical finding</label>
              <textarea id="critical-finding" rows={2} value={finding} onChange={(e) => setFinding(e.target.value)} required />
            </div>
          ) : null}
        </fieldset>
      ) : null}
      {amend ? <TextField label="Reason for the amendment" value={reason} onValue={setReason} required /> : null}
      <ProblemAlert error={error} />
      <button type="button" className="button-primary" disabled={pending || (amend && !reason.trim())} onClick={sign}>
        {amend ? 'Sign the amendment' : 'Sign the report'}
      </button>
    </section>
  );
}
