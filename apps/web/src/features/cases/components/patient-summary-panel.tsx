import { useState } from 'react';
import { ProblemAlert, useSubmit } from '../../../shared/form';
import { formatDateTime } from '../../../shared/labels';
import { Loadable } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import type { Case, CaseTemplate } from '../api';
import { caseOutputsApi, type PatientSummary } from '../outputs-api';

const REPORTED = new Set<Case['state']>(['answered', 'acknowledged', 'closed']);
const PLAIN: Record<Case['reports'][number]['outcome'], string> = {
  answered_no_visit_needed: 'You do not need another visit for this.',
  recommend_visit: 'The specialist recommends a visit. Your clinic will help you book it.',
  recommend_urgent_visit: 'The specialist recommends that you are seen soon. Your clinic will contact you to book a visit.',
  retake_requested: 'Your clinic will take new pictures.',
};

/** A starting text for the specialist to edit: the outcome in plain words and the report's free-text findings. */
export function draftFromReport(c: Case, template: CaseTemplate): string {
  const r = c.reports.at(-1);
  if (!r) return '';
  const lines = [`A specialist has looked at the information your clinic sent. ${PLAIN[r.outcome]}${r.timeFrame ? ` (${r.timeFrame})` : ''}`];
  for (const f of template.reportFields) {
    const v = r.fields[f.key];
    if ((f.type === 'text' || f.type === 'longtext') && typeof v === 'string' && v.trim()) lines.push(`${f.label}: ${v.trim()}`);
  }
  return lines.join('\n\n');
}

/** Whether the report was amended after the latest approved summary (which may then say something outdated). */
function amendedSinceApproval(c: Case, s: PatientSummary): boolean {
  const approvedAt = s.versions.filter((v) => v.approvedAt).at(-1)?.approvedAt;
  const signedAt = c.reports.at(-1)?.signedAt;
  return !!approvedAt && !!signedAt && Date.parse(signedAt) > Date.parse(approvedAt);
}

function VersionList({ s }: { s: PatientSummary }) {
  return (
    <ol className="summary-versions" aria-label="Summary versions">
      {s.versions.map((v) => (
        <li key={v.version} data-testid="summary-version">
          Version {v.version} by {v.writtenByName}, {formatDateTime(v.updatedAt)}:{' '}
          {v.approvedAt ? `approved ${formatDateTime(v.approvedAt)}` : 'draft'}
          {v.patientNotifiedAt ? `, patient notified ${formatDateTime(v.patientNotifiedAt)}` : ''}
        </li>
      ))}
    </ol>
  );
}

/** The specialist's editor: draft from the signed report, save, approve (optionally emailing the patient a sign-in notice). */
function SummaryEditor({ c, template, initial }: { c: Case; template: CaseTemplate; initial: PatientSummary }) {
  const [s, setS] = useState(initial);
  const latest = s.versions.at(-1);
  const [body, setBody] = useState(latest?.body ?? draftFromReport(c, template));
  const [notify, setNotify] = useState(initial.patientHasEmail);
  const { pending, error, run } = useSubmit();
  const draft = latest && !latest.approvedAt ? latest : null;
  const changed = body !== (draft?.body ?? (latest?.approvedAt ? latest.body : null));
  const save = () => void run(async () => setS(await caseOutputsApi.writeSummary(c.id, body)));
  const approve = () => void run(async () => setS(await caseOutputsApi.approveSummary(c.id, notify && s.patientHasEmail)));
  return (
    <>
      <VersionList s={s} />
      {amendedSinceApproval(c, s) ? <p className="alert" role="status">The report was amended after the approved summary: check it still fits, and approve a new version if not.</p> : null}
      <div className="field">
        <label htmlFor="summary-body">Summary for the patient (plain language)</label>
        <textarea id="summary-body" rows={6} maxLength={4000} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      <p className="hint">{latest?.approvedAt && !draft ? 'Saving starts a new version; the approved one stays as it is.' : 'The patient sees it only once you approve it.'}</p>
      <button type="button" className="button-secondary" disabled={pending || !body.trim() || !changed} onClick={save}>Save draft</button>{' '}
      <label>
        <input type="checkbox" checked={notify && s.patientHasEmail} disabled={!s.patientHasEmail} onChange={(e) => setNotify(e.target.checked)} /> Email the patient that it is ready
      </label>
      {s.patientHasEmail ? null : <span className="hint"> (no email address on the patient’s record)</span>}{' '}
      <button type="button" className="button-primary" disabled={pending || !draft || changed} onClick={approve}>Approve the summary</button>
      <ProblemAlert error={error} />
    </>
  );
}

/** What the referring side sees: the approved summary in force (drafts are not shown to them). */
function ApprovedSummary({ c, s }: { c: Case; s: PatientSummary }) {
  const approved = s.versions.filter((v) => v.approvedAt).at(-1);
  if (!approved) return <p>The specialist has not approved a summary for the patient yet.</p>;
  return (
    <>
      <p className="meta">
        Approved {formatDateTime(approved.approvedAt)} (version {approved.version}, written by {approved.writtenByName})
        {approved.patientNotifiedAt ? `; the patient was emailed a sign-in notice ${formatDateTime(approved.patientNotifiedAt)}` : '; the patient was not emailed'}
      </p>
      <p className="message-body" data-testid="approved-summary">{approved.body}</p>
      {amendedSinceApproval(c, s) ? <p className="alert" role="status">The report was amended after this summary was approved.</p> : null}
    </>
  );
}

/** The plain-language summary for the patient, once the report is signed (docs/cases.md). */
export function PatientSummaryPanel({ c, template, canEdit }: { c: Case; template: CaseTemplate; canEdit: boolean }) {
  const signed = REPORTED.has(c.state);
  const data = useResource((signal) => (signed ? caseOutputsApi.summary(c.id, signal) : Promise.resolve(null)), `summary:${c.id}:${c.state}:${c.reports.length}`);
  if (!signed) return null;
  return (
    <section className="card" aria-labelledby="summary-title">
      <h2 id="summary-title">Summary for the patient</h2>
      <Loadable data={data.data ?? undefined} error={data.error} loading={data.loading}>
        {(s) => (canEdit ? <SummaryEditor c={c} template={template} initial={s} /> : <ApprovedSummary c={c} s={s} />)}
      </Loadable>
    </section>
  );
}
