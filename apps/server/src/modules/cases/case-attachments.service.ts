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
}
