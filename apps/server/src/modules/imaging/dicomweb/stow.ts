import type { DicomDataset } from 'dcmjs';
import type { Actor } from '../../../platform/actor.js';
import { AppError } from '../../../platform/errors.js';
import type { ImagingIngestService } from '../imaging-ingest.service.js';
import type { ImagingService } from '../imaging.service.js';
import { attr } from './dicom-json.js';
import type { Part } from './multipart.js';

/** STOW-RS failure reasons (PS3.18 §10.5.3, Table 10.5.3-2; 0111H Duplicate SOP Instance from PS3.7 C.4). */
const REASON: Record<string, number> = {
  DICOM_INSTANCE_CONFLICT: 0x0111,
  DICOM_TOO_LARGE: 0xa700,
  DICOM_UID_INVALID: 0xa900,
  DICOM_ATTRIBUTE_INVALID: 0xa900,
};
const CANNOT_UNDERSTAND = 0xc000;

export interface StowTarget {
  /** The study of the request URL (`POST /studies/{study}`), which every instance must belong to. */
  studyUid: string | null;
  siteId: string | null;
  caseId: string | null;
}

export interface StowOutcome {
  status: 200 | 202 | 409;
  body: DicomDataset;
}

/**
 * STOW-RS (PS3.18 §10.5): stores each part as one instance and answers which were stored and which failed
 * and why. A failure of one instance never stops the others.
 */
export async function stow(
  s: { imaging: ImagingService; ingest: ImagingIngestService },
  actor: Actor,
  parts: Part[],
  target: StowTarget,
  base: string,
): Promise<StowOutcome> {
  const dest = await s.imaging.stowDestination(actor, target.siteId, target.caseId);
  const stored: DicomDataset[] = [];
  const failed: DicomDataset[] = [];
  const studies = new Set<string>();
  for (const part of parts) {
    if (part.contentType && !/^application\/dicom\s*(;|$)/i.test(part.contentType)) {
      failed.push({ '00081197': attr('US', CANNOT_UNDERSTAND) });
      continue;
    }
    try {
      const r = await s.ingest.ingest(part.body, { organizationId: actor.organizationId, siteId: dest.siteId, source: 'stow', actor, requireStudyUid: target.studyUid });
      studies.add(r.studyId);
      const a = r.attrs;
      stored.push({
        '00081150': attr('UI', a.sopClassUid),
        '00081155': attr('UI', a.sopInstanceUid),
        '00081190': attr('UR', `${base}/studies/${a.studyInstanceUid}/series/${a.seriesInstanceUid}/instances/${a.sopInstanceUid}`),
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const item: DicomDataset = { '00081197': attr('US', REASON[err.code] ?? CANNOT_UNDERSTAND) };
      failed.push(item);
    }
  }
  if (dest.case) for (const studyId of studies) await s.imaging.attachOnArrival(actor, studyId, dest.case);
  const body: DicomDataset = {};
  if (target.studyUid) body['00081190'] = attr('UR', `${base}/studies/${target.studyUid}`);
  if (failed.length) body['00081198'] = { vr: 'SQ', Value: failed };
  body['00081199'] = { vr: 'SQ', Value: stored };
  return { status: stored.length === 0 ? 409 : failed.length ? 202 : 200, body };
}
