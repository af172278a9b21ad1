import type { Case, CaseTemplate } from '../api';
import { caseOutputsApi } from '../outputs-api';
import { FollowUpPanel } from './follow-up-panel';
import { PatientSummaryPanel } from './patient-summary-panel';

/**
 * What a signed report leads to, on the case page: the report PDF, the patient's plain-language summary (the
 * assigned specialist writes and approves it, the referring side reads it) and the follow-up visit.
 */
export function CaseOutputs({ c, template, specialist, assignee, referrer }: { c: Case; template: CaseTemplate; specialist: boolean; assignee: boolean; referrer: boolean }) {
  const signed = c.reports.some((r) => r.outcome !== 'retake_requested');
  if (!signed) return null;
  return (
    <>
      <p><a href={caseOutputsApi.reportPdfUrl(c.id)} download>Download the report (PDF)</a></p>
      <PatientSummaryPanel c={c} template={template} canEdit={specialist && assignee} />
      <FollowUpPanel c={c} canSchedule={referrer} />
    </>
  );
}
