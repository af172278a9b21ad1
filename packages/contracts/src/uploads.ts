/**
 * Resumable uploads (tus 1.0.0) of case attachments, and attachment downloads. See docs/uploads.md.
 * The tus protocol itself is headers, not JSON: these are the parameters around it.
 */
import { Type, type Static } from 'typebox';
import { Uuid } from './common.js';

/** Upload ids are 32 lowercase hex characters (128 random bits). */
export const UploadId = Type.String({ pattern: '^[0-9a-f]{32}$', minLength: 32, maxLength: 32 });
export const UploadParams = Type.Object({ uploadId: UploadId }, { additionalProperties: false });
export type UploadParams = Static<typeof UploadParams>;

export const AttachmentParams = Type.Object({ caseId: Uuid, attachmentId: Uuid }, { additionalProperties: false });
export type AttachmentParams = Static<typeof AttachmentParams>;

export const AttachmentQuery = Type.Object(
  { variant: Type.Optional(Type.Union([Type.Literal('original'), Type.Literal('thumbnail')])) },
  { additionalProperties: false },
);
export type AttachmentQuery = Static<typeof AttachmentQuery>;

/**
 * Keys a client may put in tus `Upload-Metadata`: the case, the template view the file fills, and the
 * SHA-256 (hex) of the file, verified when the upload completes. A file name, if sent, is ignored.
 */
export const UPLOAD_METADATA_KEYS = ['caseId', 'view', 'sha256', 'filename', 'filetype'] as const;
