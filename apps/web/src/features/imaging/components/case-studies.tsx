import { Link } from 'react-router';
import type { Case } from '@telehealth/contracts/cases';
import { Loadable } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { dicomwebApi } from '../api';
import { num, text } from '../hooks/dicom-json';

const dicomDate = (v: string | null) => (v && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : v);

/** The case's DICOM studies (QIDO-RS), each with its thumbnail and a link to the viewer. */
export function CaseStudies({ c }: { c: Case }) {
  const attached = c.attachments.filter((a) => a.kind === 'dicom_study' && a.studyInstanceUid);
  const uids = attached.map((a) => a.studyInstanceUid ?? '');
  const data = useResource((signal) => dicomwebApi.studies(uids, signal), uids.join(','));
  if (attached.length === 0) return null;
  return (
    <section className="card" aria-labelledby="studies-title">
      <h2 id="studies-title">Studies</h2>
      <Loadable {...data}>
        {(found) => (
          <ul className="gallery">
            {attached.map((a) => {
              const ds = found.find((s) => text(s, '0020000D') === a.studyInstanceUid);
              const what = ds ? [text(ds, '00080061') ?? text(ds, '00080060'), text(ds, '00081030'), dicomDate(text(ds, '00080020'))].filter(Boolean).join(' · ') : 'Study';
              return (
                <li key={a.id} data-testid="case-study">
                  {ds ? <img src={dicomwebApi.studyThumbnailUrl(a.studyInstanceUid ?? '')} alt="" width={128} height={128} loading="lazy" /> : null}
                  <p>{what}</p>
                  {ds ? <p>{num(ds, '00201206') ?? '?'} series, {num(ds, '00201208') ?? '?'} images</p> : <p>Not received yet</p>}
                  <p className="meta">Study Instance UID <code>{a.studyInstanceUid}</code></p>
                  <Link to={`/cases/${encodeURIComponent(c.id)}/studies/${encodeURIComponent(a.id)}`} aria-label={`Open viewer: ${what}`}>Open viewer</Link>
                </li>
              );
            })}
          </ul>
        )}
      </Loadable>
    </section>
  );
}
