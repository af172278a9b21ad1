import { useState } from 'react';
import { useParams } from 'react-router';
import { ProblemAlert, useSubmit } from '../../../shared/form';
import { formatDateTime } from '../../../shared/labels';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { useSession } from '../../auth/hooks/session-context';
import { type Case, type CaseTemplate, casesApi, STATE_LABELS } from '../api';
import { CaseImages } from './case-images';
import { History, Thread } from './case-thread';
import { CaseOutputs } from './case-outputs';
import { DraftPanel } from './draft-panel';
import { CriticalResults, mayAcknowledgeCritical } from './critical-result';
import { ReportForm } from './report-form';
import { formatScalar } from '../review-format';
import { ReportVersions } from './report-versions';
import { UploadsPanel } from './uploads-panel';
import { DicomUploadPanel } from '../../imaging/components/dicom-upload-panel';
import { useCaseTimeHeartbeat } from '../hooks/use-case-time';
import { CaseStudies } from '../../imaging/components/case-studies';

function CaseView({ initial, template }: { initial: Case; template: CaseTemplate }) {
  const { state } = useSession();
  const [c, setC] = useState(initial);
  const action = useSubmit();
  const me = state.kind === 'authenticated' ? state.session.user : null;
  const specialist = !!me?.roles.some((r) => r.role === 'specialist' && r.specialties.includes(c.specialty));
  const referrer = !!me?.roles.some((r) => ['admin', 'clinician', 'nurse'].includes(r.role)) && !specialist;
  const assignee = c.assigneeId !== null && c.assigneeId === me?.id;
  const reload = () => void casesApi.get(c.id).then(setC, () => undefined);
  const act = (fn: () => Promise<Case>) => void action.run(async () => setC(await fn()));
  const editable = referrer && (c.state === 'draft' || c.state === 'returned');

  return (
    <>
      <p className="case-state">
        State: <strong data-testid="case-state">{STATE_LABELS[c.state]}</strong> · urgency {c.urgency}
        {c.dueAt ? ` · due ${formatDateTime(c.dueAt)}` : ''}
      </p>
      <ProblemAlert error={action.error} />
      <CriticalResults c={c} referrer={referrer && mayAcknowledgeCritical(me, c)} pending={action.pending} onAcknowledge={() => act(() => casesApi.acknowledgeCritical(c.id))} />
      {!editable && c.question ? (
        <section className="card"><h2>Clinical question</h2><p className="message-body">{c.question}</p>
          <dl>{template.historyFields.map((f) => <div key={f.key}><dt>{f.label}</dt><dd>{formatScalar(f, c.history[f.key])}</dd></div>)}</dl>
        </section>
      ) : null}
      {editable ? <UploadsPanel c={c} template={template} onChange={reload} /> : null}
      {editable ? <DicomUploadPanel caseId={c.id} onChange={reload} /> : null}
      {editable ? <DraftPanel c={c} template={template} onSubmitted={setC} /> : null}
      <CaseImages c={c} template={template} />
      <CaseStudies c={c} />
      {specialist && c.state === 'submitted' ? (
        <button type="button" className="button-primary" onClick={() => act(() => casesApi.event(c.id, 'claim'))}>Claim this case</button>
      ) : null}
      <Thread
        c={c}
        canWrite={(specialist && assignee && ['assigned', 'in_review'].includes(c.state)) || (referrer && c.state === 'awaiting_information')}
        label={specialist ? 'Ask the referrer' : 'Your answer'}
        send={async (body) => setC(specialist ? await casesApi.ask(c.id, body) : await casesApi.reply(c.id, body))}
      />
      {specialist && assignee && ['assigned', 'in_review'].includes(c.state) ? <ReportForm c={c} template={template} amend={false} onDone={setC} /> : null}
      <ReportVersions c={c} template={template} />
      <CaseOutputs c={c} template={template} specialist={specialist} assignee={assignee} referrer={referrer} />
      {specialist && assignee && ['answered', 'acknowledged'].includes(c.state) ? <ReportForm c={c} template={template} amend onDone={setC} /> : null}
      {referrer && c.state === 'answered' ? (
        <button type="button" className="button-primary" onClick={() => act(() => casesApi.event(c.id, 'acknowledge'))}>Acknowledge the report</button>
      ) : null}
      {referrer && c.state === 'acknowledged' ? (
        <button type="button" className="button-secondary" onClick={() => act(() => casesApi.event(c.id, 'close'))}>Close the case</button>
      ) : null}
      <History c={c} />
    </>
  );
}

/** One case: what the referrer prepares and the specialist reviews, by state and side. */
export function CasePage() {
  const { caseId = '' } = useParams();
  useCaseTimeHeartbeat(caseId);
  const data = useResource(async (signal) => {
    const c = await casesApi.get(caseId, signal);
    const template = (await casesApi.templates(signal)).find((t) => t.specialty === c.specialty);
    if (!template) throw new Error('Unknown specialty template');
    return { c, template };
  }, caseId);
  return (
    <section>
      <PageHeader title="Case" />
      <Loadable {...data}>{({ c, template }) => <CaseView key={c.id} initial={c} template={template} />}</Loadable>
    </section>
  );
}
