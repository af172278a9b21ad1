import { useRef, useState } from 'react';
import type { CaseAttachment } from '@telehealth/contracts/cases';
import { type Case, type CaseTemplate, casesApi } from '../api';
import { ImageCompare } from './image-compare';
import { ImageViewer } from './image-viewer';
import { storedSize } from '../review-format';
import { QualityFlags } from './uploads-panel';

/** The template's label of an attachment's view ("Right eye, macula-centred"), or a generic one. */
export function viewLabel(template: CaseTemplate, a: CaseAttachment): string {
  return template.views.find((v) => v.key === a.view)?.label ?? (a.kind === 'image' ? 'Other image' : 'Other document');
}

/**
 * Every image and document of the case for the specialist (and the referrer once sent): thumbnails with
 * their quality flags and stored size, a zoom/pan viewer per image, and a side-by-side comparison.
 */
export function CaseImages({ c, template }: { c: Case; template: CaseTemplate }) {
  const [open, setOpen] = useState<string | null>(null);
  const [comparing, setComparing] = useState(false);
  const openers = useRef(new Map<string, HTMLButtonElement | null>());
  const compareButton = useRef<HTMLButtonElement>(null);
  const shown = c.attachments.filter((a) => a.kind !== 'dicom_study');
  if (shown.length === 0) return null;
  const images = shown.filter((a) => a.kind === 'image');
  const order = (a: CaseAttachment) => { const i = template.views.findIndex((v) => v.key === a.view); return i < 0 ? template.views.length : i; };
  const sorted = [...shown].sort((a, b) => order(a) - order(b));
  const opened = images.find((a) => a.id === open);
  const label = (a: CaseAttachment) => viewLabel(template, a);
  const close = () => { const id = open; setOpen(null); if (id) openers.current.get(id)?.focus(); };

  return (
    <section className="card" aria-labelledby="gallery-title">
      <h2 id="gallery-title">Images and documents</h2>
      {images.length >= 2 ? (
        <p>
          <button ref={compareButton} type="button" className="button-secondary" aria-expanded={comparing}
            onClick={() => { setComparing((v) => !v); setOpen(null); }}>Compare side by side</button>
        </p>
      ) : null}
      {comparing ? <ImageCompare caseId={c.id} images={images} labelOf={label} onClose={() => { setComparing(false); compareButton.current?.focus(); }} /> : null}
      <ul className="gallery">
        {sorted.map((a) => {
          const size = storedSize(a);
          return (
            <li key={a.id} data-view={a.view ?? 'other'}>
              {a.kind === 'image' ? (
                <button type="button" className="thumb" ref={(el) => { openers.current.set(a.id, el); }}
                  onClick={() => { setOpen(a.id); setComparing(false); }} aria-label={`Open ${label(a)}`}>
                  <img src={casesApi.attachmentUrl(c.id, a.id, 'thumbnail')} alt={label(a)} width={160} />
                </button>
              ) : (
                <a href={casesApi.attachmentUrl(c.id, a.id)} download>Download PDF</a>
              )}
              <p className="gallery-caption">
                <span>{label(a)}</span>
                {size ? <span className="meta"> {size.width} × {size.height}</span> : null}
                <br />
                <QualityFlags quality={a.quality} />
              </p>
            </li>
          );
        })}
      </ul>
      {opened ? <ImageViewer key={opened.id} caseId={c.id} attachment={opened} label={label(opened)} onClose={close} /> : null}
    </section>
  );
}
