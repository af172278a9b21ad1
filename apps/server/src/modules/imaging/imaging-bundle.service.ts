import fs from 'node:fs/promises';
import type { DicomFileOutcome, DicomUploadResult } from '@telehealth/contracts/uploads';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { looksLikeZip, readEntries, scanBundle, type BundleLimits } from './dicom-bundle.js';
import type { ImagingIngestService } from './imaging-ingest.service.js';
import type { ImagingService } from './imaging.service.js';

type CaseRow = Parameters<ImagingService['attachOnArrival']>[2];

/** The first bytes of a file (fewer when it is shorter). */
async function head(file: string, n: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * DICOM files that arrive through the resumable upload path for a case (docs/uploads.md "DICOM uploads"):
 * one Part 10 file, or a zip of them, told apart by their bytes. A zip is checked whole first (names,
 * links, sizes, nested archives: `dicom-bundle.ts`) and refused whole when hostile; then every entry goes
 * through the same ingest as STOW-RS and C-STORE, and each file's outcome is reported. The studies stored
 * are attached to the case.
 */
export class ImagingBundleService {
  constructor(
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly ingest: ImagingIngestService,
    private readonly imaging: ImagingService,
  ) {}

  private get limits(): BundleLimits {
    const c = this.config;
    return { maxEntries: c.imagingBundleMaxEntries, maxBytes: c.imagingBundleMaxBytes, maxEntryBytes: c.imagingMaxInstanceBytes, maxRatio: c.imagingBundleMaxRatio };
  }

  /**
   * Ingests a received file for a case the caller may write.
   * @throws AppError DICOM_UPLOAD_TYPE_REJECTED (neither zip nor DICOM), DICOM_BUNDLE_* (hostile or broken zip,
   *   nothing stored), or the DICOM_* code of a single file that is refused
   */
  async ingestUpload(actor: Actor, c: CaseRow, file: string): Promise<DicomUploadResult> {
    const first = await head(file, 132);
    try {
      if (looksLikeZip(first)) return await this.ingestZip(actor, c, file);
      if (first.length === 132 && first.toString('latin1', 128, 132) === 'DICM') return await this.ingestOne(actor, c, file);
      throw new AppError('DICOM_UPLOAD_TYPE_REJECTED');
    } catch (err) {
      if (err instanceof AppError) await this.record(actor, c, 'failure', { code: err.code });
      throw err;
    }
  }

  private async ingestOne(actor: Actor, c: CaseRow, file: string): Promise<DicomUploadResult> {
    const bytes = await fs.readFile(file);
    const r = await this.ingest.ingest(bytes, { organizationId: c.organizationId, siteId: c.siteId, source: 'stow', actor });
    const files: DicomFileOutcome[] = [{ name: null, outcome: r.outcome, code: null, sopInstanceUid: r.attrs.sopInstanceUid, studyInstanceUid: r.attrs.studyInstanceUid }];
    return this.finish(actor, c, files, new Map([[r.studyId, r.attrs.studyInstanceUid]]));
  }

  private async ingestZip(actor: Actor, c: CaseRow, file: string): Promise<DicomUploadResult> {
    await scanBundle(file, this.limits);
    const files: DicomFileOutcome[] = [];
    const studies = new Map<string, string>();
    for await (const entry of readEntries(file, this.limits)) {
      try {
        const r = await this.ingest.ingest(entry.bytes, { organizationId: c.organizationId, siteId: c.siteId, source: 'stow', actor });
        studies.set(r.studyId, r.attrs.studyInstanceUid);
        files.push({ name: entry.name, outcome: r.outcome, code: null, sopInstanceUid: r.attrs.sopInstanceUid, studyInstanceUid: r.attrs.studyInstanceUid });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const outcome = err.code === 'DICOM_INSTANCE_CONFLICT' ? 'conflict' : 'rejected';
        files.push({ name: entry.name, outcome, code: err.code, sopInstanceUid: null, studyInstanceUid: null });
      }
    }
    return this.finish(actor, c, files, studies);
  }

  /** Attaches each study to the case (unless it is on a case already) and records one audit event. */
  private async finish(actor: Actor, c: CaseRow, files: DicomFileOutcome[], studies: Map<string, string>): Promise<DicomUploadResult> {
    const out: DicomUploadResult['studies'] = [];
    for (const [studyId, studyInstanceUid] of studies) {
      await this.imaging.attachOnArrival(actor, studyId, c);
      out.push({ studyId, studyInstanceUid, attached: await this.imaging.isOnCase(studyId, c.id) });
    }
    const count = (o: DicomFileOutcome['outcome']) => files.filter((f) => f.outcome === o).length;
    await this.record(actor, c, 'success', { stored: count('stored'), duplicate: count('duplicate'), conflict: count('conflict'), rejected: count('rejected'), studies: out.length });
    return { caseId: c.id, files, studies: out };
  }

  private record(actor: Actor, c: CaseRow, outcome: 'success' | 'failure', detail: Record<string, unknown>): Promise<void> {
    return this.audit.record({ actor, action: 'imaging.upload', outcome, resourceType: 'case', resourceId: c.id, detail });
  }
}
