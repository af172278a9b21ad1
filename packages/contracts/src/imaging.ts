/**
 * Teleradiology: the imaging inbox, attaching studies to cases, the DIMSE allow-list and expected accession
 * numbers (docs/imaging.md). DICOMweb itself speaks DICOM JSON (PS3.18 Annex F), not these schemas.
 */
import { Type, type Static } from 'typebox';
import { Uuid } from './common.js';
import { Urgency } from './cases.js';

export const StudyParams = Type.Object({ studyId: Uuid }, { additionalProperties: false });
export type StudyParams = Static<typeof StudyParams>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** A received study as the inbox and the case show it. `patientName`/`patientId` are as the modality sent them. */
export const ImagingStudy = Type.Object({
  id: Uuid,
  siteId: Uuid,
  caseId: Nullable(Uuid),
  state: Type.Union([Type.Literal('receiving'), Type.Literal('complete')]),
  studyInstanceUid: Type.String(),
  patientName: Nullable(Type.String()),
  patientId: Nullable(Type.String()),
  studyDate: Nullable(Type.String()),
  accessionNumber: Nullable(Type.String()),
  studyDescription: Nullable(Type.String()),
  source: Type.Union([Type.Literal('dimse'), Type.Literal('stow')]),
  instances: Type.Integer(),
  receivedAt: Type.String({ format: 'date-time' }),
});
export type ImagingStudy = Static<typeof ImagingStudy>;

export const InboxQuery = Type.Object(
  { siteId: Type.Optional(Uuid), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  { additionalProperties: false },
);
export type InboxQuery = Static<typeof InboxQuery>;
export const InboxList = Type.Object({ items: Type.Array(ImagingStudy) });
export type InboxList = Static<typeof InboxList>;

export const AttachStudy = Type.Object({ caseId: Uuid }, { additionalProperties: false });
export type AttachStudy = Static<typeof AttachStudy>;

/** A case started from an inbox study, at the study's site; the study is attached to it. */
export const CaseFromStudy = Type.Object(
  {
    patientId: Uuid,
    specialty: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_\\-]*$' }),
    urgency: Type.Optional(Urgency),
    question: Type.Optional(Type.String({ maxLength: 8000 })),
  },
  { additionalProperties: false },
);
export type CaseFromStudy = Static<typeof CaseFromStudy>;
export const CaseFromStudyResult = Type.Object({ caseId: Uuid, study: ImagingStudy });

/** DICOM AE title (PS3.5 §6.2 AE): 1–16 characters, no backslash or control characters. */
const AeTitleValue = Type.String({ minLength: 1, maxLength: 16, pattern: '^[ -\\[\\]-~]*[!-\\[\\]-~][ -\\[\\]-~]*$' });

export const AeTitleCreate = Type.Object(
  { siteId: Uuid, aeTitle: AeTitleValue, sourceAddress: Type.Optional(Type.String({ minLength: 2, maxLength: 45, pattern: '^[0-9A-Fa-f:.]+$' })) },
  { additionalProperties: false },
);
export type AeTitleCreate = Static<typeof AeTitleCreate>;
export const AeTitle = Type.Object({ id: Uuid, siteId: Uuid, aeTitle: Type.String(), sourceAddress: Nullable(Type.String()), createdAt: Type.String({ format: 'date-time' }) });
export type AeTitle = Static<typeof AeTitle>;
export const AeTitleList = Type.Object({ items: Type.Array(AeTitle) });
export const AeTitleParams = Type.Object({ aeTitleId: Uuid }, { additionalProperties: false });

/** The referrer names the accession number of an ordered study; when it arrives it attaches to the case. */
export const ExpectedStudyCreate = Type.Object(
  { caseId: Uuid, accessionNumber: Type.String({ minLength: 1, maxLength: 16, pattern: '^[ -\\[\\]-~]+$' }) },
  { additionalProperties: false },
);
export type ExpectedStudyCreate = Static<typeof ExpectedStudyCreate>;
export const ExpectedStudy = Type.Object({ caseId: Uuid, accessionNumber: Type.String() });
