import type { Case, CaseTemplate } from '../api';
import { casesApi } from '../api';
import { useUploads } from '../hooks/use-uploads';

const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf';
const FLAG_LABELS: Record<string, string> = {
  too_small: 'Too small',
  blurred: 'Blurred',
  underexposed: 'Too dark',
  overexposed: 'Too bright',
};

/** Quality flags of an image, as words ("No problems found" when there are none). */
export function QualityFlags({ quality }: { quality: Record<string, unknown> | null }) {
  const flags = Array.isArray(quality?.flags) ? (quality.flags as string[]) : [];
  if (!quality) return null;
  return flags.length === 0 ? (
    <span className="quality-ok">Quality: no problems found</span>
  ) : (
    <span className="quality-flags" role="note">Quality: {flags.map((f) => FLAG_LABELS[f] ?? f).join(', ')}</span>
  );
}

/** One capture slot per template view: take a photo (camera on phones) or choose a file; progress per file and overall. */
export function UploadsPanel({ c, template, onChange }: { c: Case; template: CaseTemplate; onChange: () => void }) {
  const { files, add, overall } = useUploads(c.id, onChange);
  const views = template.views.filter((v) => v.kind !== 'dicom_study');
  const slots = [...views.map((v) => ({ key: v.key, label: `${v.label}${v.optional ? ' (optional)' : ''}` })), { key: '', label: 'Other attachment' }];
  return (
    <section aria-labelledby="uploads-title" className="card">
      <h2 id="uploads-title">Photos and documents</h2>
      {c.missingViews.length > 0 ? (
        <p className="alert alert-warning" role="note">Views still missing: {c.missingViews.map((k) => template.views.find((v) => v.key === k)?.label ?? k).join(', ')}</p>
      ) : null}
      <ul className="upload-slots">
        {slots.map((s) => {
          const stored = c.attachments.filter((a) => (a.view ?? '') === s.key);
          return (
            <li key={s.key || 'other'} data-view={s.key || 'other'}>
              <strong>{s.label}</strong>
              <label className="button-secondary">
                Take photo
                <input className="visually-hidden" type="file" accept="image/*" capture="environment" aria-label={`Take photo: ${s.label}`}
                  onChange={(e) => { const f = e.target.files?.[0]; if (f) void add(f, s.key || null); e.target.value = ''; }} />
              </label>
              <label className="button-secondary">
                Choose file
                <input className="visually-hidden" type="file" accept={ACCEPT} aria-label={`Choose file: ${s.label}`}
                  onChange={(e) => { const f = e.target.files?.[0]; if (f) void add(f, s.key || null); e.target.value = ''; }} />
              </label>
              {stored.map((a) => (
                <figure key={a.id} className="attachment">
                  {a.kind === 'image' ? <img src={casesApi.attachmentUrl(c.id, a.id, 'thumbnail')} alt={`${s.label} thumbnail`} width={160} /> : <span>PDF document</span>}
                  <figcaption><QualityFlags quality={a.quality} /></figcaption>
                </figure>
              ))}
            </li>
          );
        })}
      </ul>
      {files.length > 0 ? (
        <div className="upload-progress">
          <label>
            All files <progress value={overall} max={1} aria-label="Overall upload progress" /> {Math.round(overall * 100)}%
          </label>
          <ul>
            {files.map((f) => (
              <li key={f.key} data-upload-state={f.state}>
                {f.label}: <progress value={f.sent} max={f.total || 1} aria-label={`Upload progress ${f.label}`} /> {f.state}
                {f.error ? <span role="alert"> {f.error}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
