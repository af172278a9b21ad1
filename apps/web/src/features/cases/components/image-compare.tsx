import { useId, useRef, useState } from 'react';
import type { CaseAttachment } from '@telehealth/contracts/cases';
import { useZoomPan } from '../hooks/use-zoom-pan';
import { defaultPair } from '../review-format';
import { FullResButton, StagedImage } from './staged-image';
import { QualityFlags } from './uploads-panel';
import { ZoomButtons, ZoomStage } from './zoom-stage';

interface Props {
  caseId: string;
  images: CaseAttachment[];
  labelOf: (a: CaseAttachment) => string;
  onClose: () => void;
}

function Pane({ caseId, images, labelOf, chosen, onChoose, zp, name }: Omit<Props, 'onClose'> & { chosen: CaseAttachment; onChoose: (id: string) => void; zp: ReturnType<typeof useZoomPan>; name: string }) {
  const [fullIds, setFullIds] = useState<Set<string>>(new Set());
  const pane = useRef<HTMLElement>(null);
  const selectId = useId();
  const label = labelOf(chosen);
  const full = fullIds.has(chosen.id);
  return (
    <figure ref={pane} className="compare-pane" data-pane={name}>
      <label htmlFor={selectId}>{name}</label>
      <select id={selectId} value={chosen.id} onChange={(e) => onChoose(e.target.value)}>
        {images.map((a) => <option key={a.id} value={a.id}>{labelOf(a)}</option>)}
      </select>
      <ZoomStage zp={zp} label={`${name}: ${label}`}>
        <StagedImage caseId={caseId} attachment={chosen} full={full} alt={label} />
      </ZoomStage>
      <figcaption>
        <QualityFlags quality={chosen.quality} />{' '}
        <FullResButton attachment={chosen} full={full} onFull={() => { setFullIds((s) => new Set(s).add(chosen.id)); pane.current?.querySelector<HTMLElement>('.zoom-stage')?.focus(); }} label={label} />
      </figcaption>
    </figure>
  );
}

/** Two images of the case side by side, zoomed and panned together (one zoom/pan state drives both stages). */
export function ImageCompare({ caseId, images, labelOf, onClose }: Props) {
  const zp = useZoomPan();
  const [pair, setPair] = useState(() => defaultPair(images));
  const find = (id: string) => images.find((a) => a.id === id) ?? images[0];
  const first = find(pair[0]);
  const second = find(pair[1]);
  if (!first || !second) return null;
  return (
    <section className="image-compare" aria-label="Side-by-side comparison"
      onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); onClose(); } }}>
      <div className="image-viewer-tools" role="toolbar" aria-label="Comparison tools">
        <ZoomButtons zp={zp} />
        <button type="button" onClick={onClose}>Close comparison</button>
      </div>
      <div className="compare-panes">
        <Pane caseId={caseId} images={images} labelOf={labelOf} chosen={first} onChoose={(id) => setPair([id, pair[1]])} zp={zp} name="First image" />
        <Pane caseId={caseId} images={images} labelOf={labelOf} chosen={second} onChoose={(id) => setPair([pair[0], id])} zp={zp} name="Second image" />
      </div>
    </section>
  );
}
