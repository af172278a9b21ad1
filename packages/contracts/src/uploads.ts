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
 * SHA-256 (hex) of the file, verified when the upload completes, and `kind` (`dicom`: a zip of DICOM files or
 * one DICOM file, ingested as imaging instead of a photo or document). A file name, if sent, is ignored.
 */
export const UPLOAD_METADATA_KEYS = ['caseId', 'view', 'sha256', 'filename', 'filetype', 'kind'] as const;

/** What became of one file of a DICOM upload (a single Part 10 file, or one entry of a zip). */
export const DicomFileOutcome = Type.Object({
  /** The zip entry's name as sent (display only, never used to store anything); null for a single file. */
  name: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.Literal('stored'), Type.Literal('duplicate'), Type.Literal('conflict'), Type.Literal('rejected')]),
  /** The stable error code for `conflict` and `rejected`. */
  code: Type.Union([Type.String(), Type.Null()]),
  sopInstanceUid: Type.Union([Type.String(), Type.Null()]),
  studyInstanceUid: Type.Union([Type.String(), Type.Null()]),
});
export type DicomFileOutcome = Static<typeof DicomFileOutcome>;

/** The answer to the final PATCH of an upload with `kind dicom` (docs/uploads.md, docs/imaging.md). */
export const DicomUploadResult = Type.Object({
  caseId: Uuid,
  files: Type.Array(DicomFileOutcome),
  /** The studies the stored instances belong to, and whether each is now on this case. */
  studies: Type.Array(Type.Object({ studyId: Uuid, studyInstanceUid: Type.String(), attached: Type.Boolean() })),
});
export type DicomUploadResult = Static<typeof DicomUploadResult>;
