import type { CaseAttachment } from '@telehealth/contracts/cases';
import { casesApi } from '../api';
import { storedSize } from '../review-format';

/**
 * An image shown from its small preview (the 320 px thumbnail) until `full` asks for the stored image: only
 * then is the full-resolution file requested, and it is laid over the preview once it arrives.
 */
export function StagedImage({ caseId, attachment, full, alt }: { caseId: string; attachment: CaseAttachment; full: boolean; alt: string }) {
  return (
    <div className="staged-image">
      <img className="staged-preview" src={casesApi.attachmentUrl(caseId, attachment.id, 'thumbnail')} alt={full ? '' : `${alt} (preview)`} draggable={false} data-resolution="preview" />
      {full ? <img className="staged-full" src={casesApi.attachmentUrl(caseId, attachment.id)} alt={alt} draggable={false} data-resolution="full" /> : null}
    </div>
  );
}

/** The button that asks for the full-resolution image, with its stored size; a note once asked. */
export function FullResButton({ attachment, full, onFull, label }: { attachment: CaseAttachment; full: boolean; onFull: () => void; label: string }) {
  const size = storedSize(attachment);
  const dims = size ? ` (${size.width} × ${size.height})` : '';
  if (full) return <span className="full-res-note">Full resolution{dims}</span>;
  return (
    <button type="button" onClick={onFull} aria-label={`Load full resolution: ${label}`}>
      Load full resolution{dims}
    </button>
  );
}
