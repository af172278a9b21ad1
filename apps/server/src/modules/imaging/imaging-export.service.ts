import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import yazl from 'yazl';
import type { Actor } from '../../platform/actor.js';
import type { BlobStore } from '../../platform/blob-store.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { AuditService } from '../audit/audit.service.js';
import { deidentify, hasBurnedInAnnotation, readForDeidentify, UidMap } from './deidentify.js';
import * as repo from './imaging.repo.js';
import type { ImagingService } from './imaging.service.js';

/** A de-identified copy of a study, ready to stream as a zip download. */
export interface DeidentifiedExport {
  filename: string;
  stream: Readable;
  instances: number;
  skippedBurnedIn: number;
}

/**
 * De-identified export of a study (docs/imaging.md "De-identified export"): every instance the caller may
 * read goes through the PS3.15 Basic Application Level Confidentiality Profile (`deidentify.ts`) with one
 * UID map for the whole export, and the copies are returned as a zip download. Nothing is stored: the
 * original study is untouched and the UID map is discarded, so the export cannot be linked back through
 * the platform. The access (allowed or refused) and the export are audited.
 */
export class ImagingExportService {
  constructor(
    readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly blobs: BlobStore,
    private readonly imaging: ImagingService,
  ) {}

  /**
   * @throws AppError STUDY_NOT_FOUND (none, or another organization's — audited) or FORBIDDEN
   */
  async exportStudy(actor: Actor, studyId: string): Promise<DeidentifiedExport> {
    const study = await this.imaging.studyById(actor, studyId, 'imaging.study.export');
    const exportId = randomBytes(4).toString('hex').toUpperCase();
    const options = { uids: new UidMap(), patientName: `DEIDENTIFIED^${exportId}`, patientId: `DEID-${exportId}` };
    const zip = new yazl.ZipFile();
    const seriesIndex = new Map<string, number>();
    let instances = 0;
    let skippedBurnedIn = 0;
    const mtime = new Date(Date.UTC(1980, 0, 1));
    for (const row of await repo.listInstances(this.db, study.id)) {
      const dicom = readForDeidentify(await this.blobs.get(row.blobKey));
      if (hasBurnedInAnnotation(dicom)) {
        skippedBurnedIn++;
        continue;
      }
      const bytes = deidentify(dicom, options);
      if (!seriesIndex.has(row.seriesInstanceUid)) seriesIndex.set(row.seriesInstanceUid, seriesIndex.size + 1);
      instances++;
      // entry names are our counters, never DICOM attributes
      zip.addBuffer(bytes, `series-${seriesIndex.get(row.seriesInstanceUid)}/instance-${instances}.dcm`, { mtime });
    }
    const manifest = {
      profile: 'DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile (no Retain options)',
      exportedAt: new Date(this.clock()).toISOString(),
      instances,
      skippedBurnedInAnnotation: skippedBurnedIn,
      uidsReplaced: options.uids.size,
    };
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime });
    zip.end();
    // yazl's output is a PassThrough (typed as the older NodeJS.ReadableStream)
    await this.audit.record({
      actor,
      action: 'imaging.study.deidentified_export',
      outcome: 'success',
      resourceType: 'imaging_study',
      resourceId: study.id,
      detail: { instances, skippedBurnedIn, caseId: study.caseId },
    });
    return { filename: `deidentified-${exportId}.zip`, stream: zip.outputStream as Readable, instances, skippedBurnedIn };
  }
}
