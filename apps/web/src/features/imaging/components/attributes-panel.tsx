import { type DicomJson, personName, text } from '../hooks/dicom-json';
import type { Slice } from '../hooks/use-series-stack';
import type { Window } from '../hooks/window-lut';

const dicomDate = (v: string | null) => (v && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : v);

function Row({ term, value, testId }: { term: string; value: string | number | null | undefined; testId?: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd data-testid={testId}>{value === null || value === undefined || value === '' ? '—' : value}</dd>
    </div>
  );
}

/** The key DICOM attributes of the slice on screen, and the window and zoom in use. */
export function AttributesPanel({ slice, position, window: w, zoom }: { slice: Slice | undefined; position: string; window: Window | null; zoom: number }) {
  const m: DicomJson = slice?.meta ?? {};
  const info = slice?.info;
  return (
    <aside className="dv-attributes card" aria-labelledby="dv-attributes-title">
      <h2 id="dv-attributes-title">DICOM attributes</h2>
      <dl>
        <Row term="Patient" value={personName(m, '00100010')} />
        <Row term="Patient ID" value={text(m, '00100020')} />
        <Row term="Birth date" value={dicomDate(text(m, '00100030'))} />
        <Row term="Study" value={text(m, '00081030')} />
        <Row term="Study date" value={dicomDate(text(m, '00080020'))} />
        <Row term="Accession" value={text(m, '00080050')} />
        <Row term="Series" value={[text(m, '00200011'), text(m, '0008103E')].filter(Boolean).join(' · ')} />
        <Row term="Modality" value={info?.modality} testId="attr-modality" />
        <Row term="Image" value={position} testId="attr-position" />
        <Row term="Instance number" value={info?.instanceNumber} testId="attr-instance-number" />
        <Row term="Frame" value={info && info.numberOfFrames > 1 ? `${slice?.frame} of ${info.numberOfFrames}` : null} />
        <Row term="Slice location" value={info?.sliceLocation !== null && info?.sliceLocation !== undefined ? `${info.sliceLocation} mm` : null} testId="attr-slice-location" />
        <Row term="Dimensions" value={info ? `${info.columns} × ${info.rows} px, ${info.bitsStored}/${info.bitsAllocated} bit${info.signed ? ' signed' : ''}` : null} testId="attr-dimensions" />
        <Row term="Photometric" value={info?.photometric} />
        <Row term="Rescale" value={info ? `× ${info.slope} + ${info.intercept}` : null} />
        <Row term="Window" value={w ? `W ${Math.round(w.width)} / L ${Math.round(w.center)}` : null} testId="attr-window" />
        <Row term="Zoom" value={`${Math.round(zoom * 100)} % of fit`} />
        <Row term="Transfer syntax" value={info?.transferSyntaxUid} testId="attr-transfer-syntax" />
      </dl>
    </aside>
  );
}
