import { dicomwebApi } from '../api';
import { type DicomJson, num, text } from '../hooks/dicom-json';

/** A series of a study as QIDO-RS lists it. */
export interface SeriesSummary {
  uid: string;
  number: number | null;
  modality: string | null;
  description: string | null;
  instances: number | null;
}

/** @returns the series of a QIDO-RS answer in series-number order. */
export function seriesSummaries(list: DicomJson[]): SeriesSummary[] {
  return list
    .map((ds) => ({ uid: text(ds, '0020000E') ?? '', number: num(ds, '00200011'), modality: text(ds, '00080060'), description: text(ds, '0008103E'), instances: num(ds, '00201209') }))
    .filter((s) => s.uid !== '')
    .sort((a, b) => (a.number ?? Number.MAX_SAFE_INTEGER) - (b.number ?? Number.MAX_SAFE_INTEGER));
}

export const seriesLabel = (s: SeriesSummary) =>
  [s.number !== null ? `Series ${s.number}` : 'Series', s.modality, s.description].filter(Boolean).join(' · ');

/** The study's series with their thumbnails (WADO-RS /thumbnail); the chosen one is pressed. */
export function SeriesList({ study, series, current, onPick }: { study: string; series: SeriesSummary[]; current: string; onPick: (uid: string) => void }) {
  return (
    <nav className="dv-series" aria-label="Series">
      <ul>
        {series.map((s) => (
          <li key={s.uid}>
            <button type="button" aria-pressed={s.uid === current} onClick={() => onPick(s.uid)}>
              <img src={dicomwebApi.thumbnailUrl(study, s.uid)} alt="" width={96} height={96} loading="lazy" />
              <span>{seriesLabel(s)}</span>
              <span className="dv-muted">{s.instances ?? '?'} images</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
