import { randomUUID } from 'node:crypto';
import type { CaseAttachment } from '@telehealth/contracts/cases';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { loadCase } from './case-access.js';
import { toAttachment } from './case-dto.js';
import type { CasesService } from './cases.service.js';
import * as repo from './cases.repo.js';

/** A processed upload, ready to be attached (its blobs already durable). */
export interface NewAttachment {
  caseId: string;
  uploadId: string;
  kind: 'image' | 'document';
  view: string | null;
  contentType: string;
  blobKey: string;
  thumbnailBlobKey: string | null;
  storedSha256: string;
  storedSize: number;
  width: number | null;
  height: number | null;
  quality: Record<string, unknown> | null;
  createdBy: string;
}

/**
 * Attachments of a case, for the uploads module: who may add to a case, recording a processed upload, and
 * reading one back (audited). DICOM studies attach through `kind: 'dicom_study'` + Study Instance UID.
 */
export class CaseAttachmentsService {
  constructor(private readonly cases: CasesService) {}

  /** The case, when the caller is on its referring side and it still takes attachments (draft or returned). */
  async requireWritable(actor: Actor, caseId: string, action: string): Promise<repo.CaseRow> {
    const { row } = await loadCase(this.cases.db, this.cases.audit, actor, caseId, 'referrer', action);
    if (row.state !== 'draft' && row.state !== 'returned') throw new AppError('CASE_TRANSITION_INVALID', 'Attachments are added to a draft or returned case.');
    return row;
  }

  /** Records a processed upload on the case; the caller commits this only after the blobs are fsync'd. */
  async attach(a: NewAttachment, patientId: string, actor: Actor): Promise<CaseAttachment> {
    const row = await repo.insertAttachment(this.cases.db, { id: randomUUID(), ...a, createdAt: new Date(this.cases.clock()) });
    await this.cases.audited(actor, 'case.attachment.add', a.caseId, patientId, { attachmentId: row.id, view: a.view });
    return toAttachment(row);
  }

  /** An attachment of a case the caller may read (referrer side or specialist of the specialty); audited. */
  async read(actor: Actor, caseId: string, attachmentId: string): Promise<repo.AttachmentRow> {
    const { row } = await loadCase(this.cases.db, this.cases.audit, actor, caseId, 'either', 'case.attachment.read');
    const a = await repo.findAttachment(this.cases.db, caseId, attachmentId);
    if (!a || !a.blobKey) throw new AppError('ATTACHMENT_NOT_FOUND');
    await this.cases.audited(actor, 'case.attachment.read', caseId, row.patientId, { attachmentId });
    return a;
  }

  /**
   * The case, when the caller may see it (referrer side or specialist of the specialty); denials audited
   * by the policy layer like any case read. The imaging module decides study access through this.
   */
  async requireReadable(actor: Actor, caseId: string, action: string): Promise<repo.CaseRow> {
    return (await loadCase(this.cases.db, this.cases.audit, actor, caseId, 'either', action)).row;
  }

  /** The case, when the caller is on its referring side and it is not closed or withdrawn. */
  async requireReferrer(actor: Actor, caseId: string, action: string): Promise<repo.CaseRow> {
    const { row } = await loadCase(this.cases.db, this.cases.audit, actor, caseId, 'referrer', action);
    if (row.state === 'closed' || row.state === 'withdrawn') throw new AppError('CASE_TRANSITION_INVALID', 'Studies are not added to a closed or withdrawn case.');
    return row;
  }

  /** The case row for routing (no caller: an arriving study matched an expected accession number). */
  async findForRouting(caseId: string): Promise<repo.CaseRow | null> {
    return repo.findById(this.cases.db, caseId);
  }

  /**
   * Records a DICOM study on a case (DICOM PS3.3 C.7.2.1 Study Instance UID; the imaging module stores the
   * instances). `actor` null: automatic routing, audited as the system on behalf of `createdBy`.
   */
  async attachStudy(c: repo.CaseRow, studyInstanceUid: string, createdBy: string, actor: Actor | null): Promise<void> {
    const id = randomUUID();
    await repo.insertAttachment(this.cases.db, { id, caseId: c.id, kind: 'dicom_study', studyInstanceUid, createdBy, createdAt: new Date(this.cases.clock()) });
    await this.cases.audit.record({
      actor,
      organizationId: c.organizationId,
      action: 'case.attachment.add',
      outcome: 'success',
      patientId: c.patientId,
      resourceType: 'case',
      resourceId: c.id,
      detail: { attachmentId: id, kind: 'dicom_study' },
    });
  }
}
