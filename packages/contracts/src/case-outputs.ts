/**
 * What a signed consult report leads to (docs/cases.md): the plain-language summary for the patient and the
 * follow-up visit offered after a `recommend_visit` outcome. The PDF of the report has no schema: it is bytes.
 */
import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.js';
import { Outcome } from './cases.js';

const SummaryBody = Type.String({ minLength: 1, maxLength: 4000 });

/** The specialist writes (or rewrites) the summary; it stays a draft until approved. */
export const PatientSummaryWrite = Type.Object({ body: SummaryBody }, { additionalProperties: false });
export type PatientSummaryWrite = Static<typeof PatientSummaryWrite>;

/** Approving locks the latest draft; `notifyPatient` emails the patient a sign-in notice (never the text). */
export const PatientSummaryApprove = Type.Object({ notifyPatient: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
export type PatientSummaryApprove = Static<typeof PatientSummaryApprove>;

export const PatientSummaryVersion = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  body: Type.String(),
  writtenBy: Uuid,
  writtenByName: Type.String(),
  updatedAt: Timestamp,
  approvedBy: Type.Union([Uuid, Type.Null()]),
  approvedAt: Type.Union([Timestamp, Type.Null()]),
  patientNotifiedAt: Type.Union([Timestamp, Type.Null()]),
});
export type PatientSummaryVersion = Static<typeof PatientSummaryVersion>;

/** Every version, oldest first; the staff view of a case's patient summary. */
export const PatientSummary = Type.Object({
  caseId: Uuid,
  versions: Type.Array(PatientSummaryVersion),
  /** Whether the patient record has an email address (a notice can be sent). */
  patientHasEmail: Type.Boolean(),
});
export type PatientSummary = Static<typeof PatientSummary>;

/** What a patient sees of their own consults: the latest approved summary of each. */
export const MyConsultSummary = Type.Object({
  caseId: Uuid,
  specialty: Type.String(),
  specialtyTitle: Type.String(),
  body: Type.String(),
  approvedByName: Type.String(),
  approvedAt: Timestamp,
});
export const MyConsultSummaryList = Type.Object({ items: Type.Array(MyConsultSummary) });
export type MyConsultSummaryList = Static<typeof MyConsultSummaryList>;

export const FOLLOW_UP_KINDS = ['video', 'in_person'] as const;

/**
 * Schedules the follow-up a report recommends: a video visit (through the visits module; the host defaults
 * to the case's specialist) or an in-person visit booked elsewhere, recorded with its time and place.
 */
export const FollowUpCreate = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('video'),
      scheduledStart: Timestamp,
      durationMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
      hostUserId: Type.Optional(Uuid),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('in_person'),
      scheduledStart: Timestamp,
      durationMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
      location: Type.String({ minLength: 1, maxLength: 300 }),
    },
    { additionalProperties: false },
  ),
]);
export type FollowUpCreate = Static<typeof FollowUpCreate>;

export const FollowUp = Type.Object({
  id: Uuid,
  kind: Type.Enum(FOLLOW_UP_KINDS),
  visitId: Type.Union([Uuid, Type.Null()]),
  scheduledStart: Timestamp,
  durationMinutes: Type.Integer(),
  location: Type.Union([Type.String(), Type.Null()]),
  createdBy: Uuid,
  createdAt: Timestamp,
});
export type FollowUp = Static<typeof FollowUp>;

/** The offer (present while the latest report recommends a visit) and the follow-ups already recorded. */
export const FollowUps = Type.Object({
  offer: Type.Union([
    Type.Object({ outcome: Outcome, timeFrame: Type.Union([Type.String(), Type.Null()]), specialistId: Type.Union([Uuid, Type.Null()]) }),
    Type.Null(),
  ]),
  items: Type.Array(FollowUp),
});
export type FollowUps = Static<typeof FollowUps>;
