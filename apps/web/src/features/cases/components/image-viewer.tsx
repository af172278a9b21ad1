import { useEffect, useRef, useState } from 'react';
import type { CaseAttachment } from '@telehealth/contracts/cases';
import { casesApi } from '../api';
import { useZoomPan } from '../hooks/use-zoom-pan';
import { FullResButton, StagedImage } from './staged-image';
import { QualityFlags } from './uploads-panel';
import { ZoomButtons, ZoomStage } from './zoom-stage';

/**
 * One image of a case with zoom and pan (buttons, wheel, drag, keyboard) and its quality flags. It opens on
 * the preview; the stored full-resolution image (re-encoded, metadata-free) loads only when asked for.
 * Focus moves to the image on open; Escape or Close returns it to where the viewer was opened from.
 */
export function ImageViewer({ caseId, attachment, label, onClose }: { caseId: string; attachment: CaseAttachment; label: string; onClose: () => void }) {
  const zp = useZoomPan();
  const [full, setFull] = useState(false);
  const root = useRef<HTMLElement>(null);
  const focusStage = () => root.current?.querySelector<HTMLElement>('.zoom-stage')?.focus();
  useEffect(focusStage, []);
  return (
    <section ref={root} className="image-viewer" aria-label={`Image viewer: ${label}`}
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } }}>
      <header className="image-viewer-head">
        <h3>{label}</h3>
        <QualityFlags quality={attachment.quality} />
      </header>
      <div className="image-viewer-tools" role="toolbar" aria-label="Image tools">
        <ZoomButtons zp={zp} />
        <FullResButton attachment={attachment} full={full} onFull={() => { setFull(true); focusStage(); }} label={label} />
        <a href={casesApi.attachmentUrl(caseId, attachment.id)} download>Download</a>
        <button type="button" onClick={onClose}>Close</button>
      </div>
      <ZoomStage zp={zp} label={label}>
        <StagedImage caseId={caseId} attachment={attachment} full={full} alt={label} />
      </ZoomStage>
    </section>
  );
}
