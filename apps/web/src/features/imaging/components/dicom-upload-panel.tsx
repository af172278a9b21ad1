import { API_BASE } from '../../../shared/api-client';
import { useDicomUpload, type DicomUploadItem } from '../hooks/use-dicom-upload';

const OUTCOME_LABELS: Record<string, string> = { stored: 'stored', duplicate: 'already stored', conflict: 'conflicts with a stored instance', rejected: 'rejected' };

function summary(item: DicomUploadItem): string {
  if (item.state === 'failed' || item.state === 'skipped') return item.error ?? item.state;
  if (item.state !== 'done') return `${Math.round((item.total ? item.sent / item.total : 0) * 100)} %`;
  const counts = new Map<string, number>();
  for (const o of item.outcomes ?? []) counts.set(o.outcome, (counts.get(o.outcome) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${OUTCOME_LABELS[k] ?? k}`).join(', ') || 'done';
}

/**
 * Medical images on a case: choose a folder of DICOM files (a CD or a PACS export) or a zip of them; each
 * goes through the resumable upload path and the server reports what it stored, per file.
 */
export function DicomUploadPanel({ caseId, onChange }: { caseId: string; onChange: () => void }) {
  const { items, add } = useDicomUpload(caseId, onChange);
  const studies = [...new Set(items.flatMap((i) => (i.studies ?? []).map((s) => s.studyId)))];
  return (
    <section aria-labelledby="dicom-upload-title" className="card">
      <h2 id="dicom-upload-title">Medical images (DICOM)</h2>
      <label className="button-secondary">
        Choose DICOM folder
        <input className="visually-hidden" type="file" multiple aria-label="Choose DICOM folder"
          ref={(el) => { if (el) el.setAttribute('webkitdirectory', ''); }}
          onChange={(e) => { const fs = [...(e.target.files ?? [])]; e.target.value = ''; if (fs.length) void add(fs); }} />
      </label>
      <label className="button-secondary">
        Choose zip
        <input className="visually-hidden" type="file" accept=".zip,application/zip" aria-label="Choose DICOM zip"
          onChange={(e) => { const fs = [...(e.target.files ?? [])]; e.target.value = ''; if (fs.length) void add(fs); }} />
      </label>
      {items.length ? (
        <ul className="dicom-uploads" aria-live="polite">
          {items.map((i) => (
            <li key={i.key} data-state={i.state}>
              <span>{i.label}</span>: <span>{summary(i)}</span>
              {i.outcomes?.some((o) => o.outcome === 'rejected' || o.outcome === 'conflict') ? (
                <ul>
                  {i.outcomes.filter((o) => o.outcome === 'rejected' || o.outcome === 'conflict').map((o, n) => (
                    <li key={n}>{o.name ?? i.label}: {OUTCOME_LABELS[o.outcome]} ({o.code})</li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {studies.length ? (
        <ul className="dicom-studies">
          {studies.map((id, n) => (
            <li key={id}>
              Study {n + 1}: <a href={`${API_BASE}/imaging/studies/${id}/deidentified`} download>Download de-identified copy (zip)</a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
