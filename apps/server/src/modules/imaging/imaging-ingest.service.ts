import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Actor } from '../../platform/actor.js';
import type { BlobStore } from '../../platform/blob-store.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CaseAttachmentsService } from '../cases/case-attachments.service.js';
import { parseInstance, type InstanceAttributes } from './dicom-file.js';
import * as repo from './imaging.repo.js';

/** Where an arriving instance goes: an organization's site inbox, or straight onto a case. */
export interface IngestTarget {
  organizationId: string;
  siteId: string;
  source: 'dimse' | 'stow';
  /** The user sending over STOW-RS; null over DIMSE (the calling AE title was allowed for the site). */
  actor: Actor | null;
  /** STOW-RS to /studies/{study}: an instance of another study is refused (PS3.18 §10.5.3). */
  requireStudyUid?: string | null;
}

export interface IngestResult {
  outcome: 'stored' | 'duplicate';
  studyId: string;
  attrs: InstanceAttributes;
}

/**
 * Stores DICOM instances and indexes them (docs/imaging.md). Bytes go to the encrypted blob store under a
 * random key (never a name built from DICOM attributes), fsync'd before the rows that reference them are
 * committed. A repeated SOP Instance UID with the same bytes is a no-op; different bytes are a conflict.
 * A study becomes `complete` after the quiet period and is then routed to a case by accession number.
 */
export class ImagingIngestService {
  constructor(
    readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly blobs: BlobStore,
    private readonly caseAttachments: CaseAttachmentsService,
  ) {}

  /**
   * Parses, checks and stores one Part 10 instance.
   * @throws AppError DICOM_* for bad content, DICOM_INSTANCE_CONFLICT for a different instance under a known UID
   */
  async ingest(input: Buffer, target: IngestTarget): Promise<IngestResult> {
    if (input.length > this.config.imagingMaxInstanceBytes) throw new AppError('DICOM_TOO_LARGE');
    const { bytes, attrs } = parseInstance(input);
    if (target.requireStudyUid && attrs.studyInstanceUid !== target.requireStudyUid) {
      throw new AppError('DICOM_UID_INVALID', 'The instance belongs to another study than the request names.');
    }
    const existing = await repo.findInstance(this.db, target.organizationId, attrs.sopInstanceUid);
    if (existing) return this.repeated(existing, sha256Of(bytes), attrs);
    const blobKey = `imaging/${randomUUID()}`;
    // the blob store hashes the plaintext in the same pass that encrypts it
    const { sha256 } = await this.blobs.put(blobKey, bytes);
    const now = new Date(this.clock());
    const indexed = await repo.insertInstanceIndexed(
      this.db,
      studyRow(attrs, target, now),
      { id: randomUUID(), seriesInstanceUid: attrs.seriesInstanceUid, modality: attrs.modality, seriesNumber: attrs.seriesNumber, seriesDescription: attrs.seriesDescription },
      {
        id: randomUUID(),
        organizationId: target.organizationId,
        sopInstanceUid: attrs.sopInstanceUid,
        sopClassUid: attrs.sopClassUid,
        transferSyntaxUid: attrs.transferSyntaxUid,
        instanceNumber: attrs.instanceNumber,
        rows: attrs.rows,
        columns: attrs.columns,
        numberOfFrames: attrs.numberOfFrames,
        blobKey,
        sha256,
        size: bytes.length,
        createdAt: now,
      },
    );
    const stored = indexed.inserted ? { id: indexed.studyId } : null;
    if (!stored) {
      // another request stored this SOP Instance UID between the check and the insert
      await this.blobs.delete(blobKey);
      const winner = await repo.findInstance(this.db, target.organizationId, attrs.sopInstanceUid);
      if (!winner) throw new AppError('CONFLICT');
      return this.repeated(winner, sha256, attrs);
    }
    await this.audit.record({
      actor: target.actor,
      organizationId: target.organizationId,
      action: 'imaging.instance.store',
      outcome: 'success',
      resourceType: 'imaging_study',
      resourceId: stored.id,
      detail: { source: target.source },
    });
    return { outcome: 'stored', studyId: stored.id, attrs };
  }

  private repeated(existing: repo.InstanceRow, sha256: string, attrs: InstanceAttributes): IngestResult {
    if (existing.sha256 !== sha256) throw new AppError('DICOM_INSTANCE_CONFLICT');
    return { outcome: 'duplicate', studyId: existing.studyId, attrs };
  }

  /**
   * Completes every study quiet for the configured period and routes the ones still in an inbox: an
   * expected accession number attaches the study to its case. Returns how many studies were completed.
   */
  async completeQuietStudies(): Promise<number> {
    const now = this.clock();
    const quietSince = new Date(now - this.config.imagingQuietSeconds * 1000);
    let completed = 0;
    for (const study of await repo.listQuietStudies(this.db, quietSince, 500)) {
      if (!(await repo.completeStudy(this.db, study.id, quietSince, new Date(now)))) continue;
      completed++;
      if (!study.caseId && study.accessionNumber) await this.route(study, study.accessionNumber);
    }
    return completed;
  }

  private async route(study: repo.StudyRow, accessionNumber: string): Promise<void> {
    const expected = await repo.findExpected(this.db, study.organizationId, accessionNumber);
    if (!expected) return;
    const c = await this.caseAttachments.findForRouting(expected.caseId);
    if (!c || c.organizationId !== study.organizationId || c.state === 'closed' || c.state === 'withdrawn') return;
    if (!(await repo.setCase(this.db, study.id, c.id))) return;
    await this.caseAttachments.attachStudy(c, study.studyInstanceUid, expected.createdBy, null);
  }
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function studyRow(a: InstanceAttributes, t: IngestTarget, now: Date): repo.StudyRow {
  return {
    id: randomUUID(),
    organizationId: t.organizationId,
    siteId: t.siteId,
    studyInstanceUid: a.studyInstanceUid,
    caseId: null,
    state: 'receiving',
    patientId: a.patientId,
    patientName: a.patientName,
    patientBirthDate: a.patientBirthDate,
    patientSex: a.patientSex,
    studyDate: a.studyDate,
    studyTime: a.studyTime,
    accessionNumber: a.accessionNumber,
    studyDescription: a.studyDescription,
    referringPhysician: a.referringPhysician,
    studyId: a.studyId,
    source: t.source,
    receivedAt: now,
    lastInstanceAt: now,
    completedAt: null,
  };
}
