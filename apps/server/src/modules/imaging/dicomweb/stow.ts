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

/** Instances of one STOW-RS request stored at the same time. */
const STOW_CONCURRENCY = 4;

interface PartOutcome {
  stored?: DicomDataset;
  failed?: DicomDataset;
}

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
 * and why, in the order of the parts. A failure of one instance never stops the others; up to
 * STOW_CONCURRENCY instances are stored at once.
 */
export async function stow(
  s: { imaging: ImagingService; ingest: ImagingIngestService },
  actor: Actor,
  parts: Part[],
  target: StowTarget,
  base: string,
): Promise<StowOutcome> {
  const dest = await s.imaging.stowDestination(actor, target.siteId, target.caseId);
  const outcomes: PartOutcome[] = new Array<PartOutcome>(parts.length);
  const studies = new Set<string>();
  const one = async (part: Part): Promise<PartOutcome> => {
    if (part.contentType && !/^application\/dicom\s*(;|$)/i.test(part.contentType)) return { failed: { '00081197': attr('US', CANNOT_UNDERSTAND) } };
    try {
      const r = await s.ingest.ingest(part.body, { organizationId: actor.organizationId, siteId: dest.siteId, source: 'stow', actor, requireStudyUid: target.studyUid });
      studies.add(r.studyId);
      const a = r.attrs;
      return {
        stored: {
          '00081150': attr('UI', a.sopClassUid),
          '00081155': attr('UI', a.sopInstanceUid),
          '00081190': attr('UR', `${base}/studies/${a.studyInstanceUid}/series/${a.seriesInstanceUid}/instances/${a.sopInstanceUid}`),
        },
      };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return { failed: { '00081197': attr('US', REASON[err.code] ?? CANNOT_UNDERSTAND) } };
    }
  };
  // A few instances in flight at once: each waits mostly on its fsyncs and commits, which then overlap.
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < parts.length; i = next++) outcomes[i] = await one(parts[i] as Part);
  };
  await Promise.all(Array.from({ length: Math.min(STOW_CONCURRENCY, parts.length) }, worker));
  const stored = outcomes.flatMap((o) => (o.stored ? [o.stored] : []));
  const failed = outcomes.flatMap((o) => (o.failed ? [o.failed] : []));
  if (dest.case) for (const studyId of studies) await s.imaging.attachOnArrival(actor, studyId, dest.case);
  const body: DicomDataset = {};
  if (target.studyUid) body['00081190'] = attr('UR', `${base}/studies/${target.studyUid}`);
  if (failed.length) body['00081198'] = { vr: 'SQ', Value: failed };
  body['00081199'] = { vr: 'SQ', Value: stored };
  return { status: stored.length === 0 ? 409 : failed.length ? 202 : 200, body };
}
