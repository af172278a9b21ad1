import type { Case, CaseTemplate } from '../api';
import { OUTCOME_LABELS } from '../api';
import { formatDateTime } from '../../../shared/labels';
import { ReportFields } from './report-fields';

type Report = Case['reports'][number];

function ReportBody({ r, template }: { r: Report; template: CaseTemplate }) {
  return (
    <>
      <p className="meta">Signed by {r.signedByName}, {formatDateTime(r.signedAt)}</p>
      <p><strong>Outcome:</strong> <span className="outcome">{OUTCOME_LABELS[r.outcome]}</span>{r.timeFrame ? `, ${r.timeFrame}` : ''}</p>
      <ReportFields values={r.fields} template={template} version={r.version} />
    </>
  );
}

/**
 * The report in force, marked "Amended" when a later version replaced the first, with every amendment's
 * reason, signer and time; the superseded versions open on demand. Text is rendered as text, never as HTML.
 */
export function ReportVersions({ c, template }: { c: Case; template: CaseTemplate }) {
  const latest = c.reports.at(-1);
  if (!latest) return null;
  const earlier = c.reports.slice(0, -1).reverse();
  const amendments = c.reports.filter((r) => r.version > 1);
  return (
    <section className="card" aria-labelledby="reports-title">
      <h2 id="reports-title">
        Report {amendments.length > 0 ? <span className="badge" data-testid="report-amended">Amended</span> : null}
      </h2>
      <article className="report" data-version={latest.version} aria-label="Report in force">
        <h3>Version {latest.version}{latest.version > 1 ? ' (in force)' : ''}</h3>
        <ReportBody r={latest} template={template} />
      </article>
      {amendments.length > 0 ? (
        <>
          <h3>Amendments</h3>
          <ol className="amendments" aria-label="Amendments">
            {amendments.map((r) => (
              <li key={r.version}>
                Version {r.version}: {formatDateTime(r.signedAt)}, {r.signedByName}. Reason: <span className="message-body">{r.amendmentReason ?? '—'}</span>
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {earlier.map((r) => (
        <details key={r.version} className="report" data-version={r.version}>
          <summary>Earlier version {r.version} (superseded)</summary>
          <ReportBody r={r} template={template} />
        </details>
      ))}
    </section>
  );
}
