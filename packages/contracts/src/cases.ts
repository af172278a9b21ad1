/**
 * Store-and-forward consults (eConsults): schemas shared by server, web and CLI. See docs/cases.md.
 */
import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.js';

/** Lifecycle states of a case; the transition table lives in apps/server/src/modules/cases/case-lifecycle.ts. */
export const CASE_STATES = [
  'draft',
  'submitted',
  'assigned',
  'in_review',
  'awaiting_information',
  'answered',
  'acknowledged',
  'closed',
  'withdrawn',
  'returned',
] as const;
export const CaseState = Type.Enum(CASE_STATES);
export type CaseState = (typeof CASE_STATES)[number];

export const URGENCIES = ['routine', 'urgent', 'stat'] as const;
export const Urgency = Type.Enum(URGENCIES);
export type Urgency = (typeof URGENCIES)[number];

/** Report outcome codes (issue 4). `recommend_visit` carries a time frame. */
export const OUTCOMES = ['answered_no_visit_needed', 'recommend_visit', 'recommend_urgent_visit', 'retake_requested'] as const;
export const Outcome = Type.Enum(OUTCOMES);
export type Outcome = (typeof OUTCOMES)[number];

const Key = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_]*$' });
const Label = Type.String({ minLength: 1, maxLength: 200 });
const Specialty = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9_\\-]*$' });

export const FIELD_TYPES = ['text', 'longtext', 'number', 'date', 'boolean', 'select', 'multiselect', 'body_site'] as const;

/** One field of a template's history or report form. `perEye` fields hold `{ right, left }`. */
export const TemplateField = Type.Object(
  {
    key: Key,
    label: Label,
    type: Type.Enum(FIELD_TYPES),
    required: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Array(Type.Object({ value: Key, label: Label }), { maxItems: 100 })),
    unit: Type.Optional(Type.String({ maxLength: 20 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    perEye: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TemplateField = Static<typeof TemplateField>;

/** A view the specialty expects (e.g. dermatology `close_up`); `kind` says what may fill it. */
export const TemplateView = Type.Object(
  {
    key: Key,
    label: Label,
    optional: Type.Optional(Type.Boolean()),
    kind: Type.Union([Type.Literal('image'), Type.Literal('document'), Type.Literal('dicom_study')]),
  },
  { additionalProperties: false },
);
export type TemplateView = Static<typeof TemplateView>;

/** A specialty template: data, stored in `case_templates`; adding a specialty is adding a row. */
export const CaseTemplate = Type.Object(
  {
    specialty: Specialty,
    title: Label,
    version: Type.Integer({ minimum: 1 }),
    historyFields: Type.Array(TemplateField, { maxItems: 60 }),
    views: Type.Array(TemplateView, { maxItems: 30 }),
    reportFields: Type.Array(TemplateField, { maxItems: 60 }),
  },
  { additionalProperties: false },
);
export type CaseTemplate = Static<typeof CaseTemplate>;
export const CaseTemplateList = Type.Object({ items: Type.Array(CaseTemplate) });

const Scalar = Type.Union([Type.String({ maxLength: 4000 }), Type.Number(), Type.Boolean(), Type.Null()]);
const FieldValue = Type.Union([
  Scalar,
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
  Type.Object({ right: Scalar, left: Scalar }, { additionalProperties: false }),
]);
/** Values of a template form, keyed by field key; checked against the template by the server. */
export const FieldValues = Type.Record(Key, FieldValue, { maxProperties: 60 });
export type FieldValues = Static<typeof FieldValues>;
/**
 * Form values as sent by a client: shape-checked by the server against the template (never by schema
 * coercion, which would turn `["itch"]` into `"itch"`).
 */
export const FieldValuesInput = Type.Record(Key, Type.Unknown(), { maxProperties: 60 });

export const CONSENT_METHODS = ['verbal', 'written', 'electronic'] as const;
export const Consent = Type.Object(
  { given: Type.Boolean(), method: Type.Enum(CONSENT_METHODS) },
  { additionalProperties: false },
);
export type Consent = Static<typeof Consent>;

const Question = Type.String({ maxLength: 8000 });

export const CaseCreate = Type.Object(
  {
    patientId: Uuid,
    siteId: Uuid,
    specialty: Specialty,
    urgency: Type.Optional(Urgency),
    question: Type.Optional(Question),
    history: Type.Optional(FieldValuesInput),
    consent: Type.Optional(Consent),
    /** A named specialist of the organization instead of the specialty queue. */
    targetSpecialistId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type CaseCreate = Static<typeof CaseCreate>;

/** Draft autosave: any subset; history replaces the stored history. */
export const CaseDraftUpdate = Type.Object(
  {
    urgency: Type.Optional(Urgency),
    question: Type.Optional(Question),
    history: Type.Optional(FieldValuesInput),
    consent: Type.Optional(Consent),
    targetSpecialistId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CaseDraftUpdate = Static<typeof CaseDraftUpdate>;

export const Reason = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type Reason = Static<typeof Reason>;

export const MessageCreate = Type.Object({ body: Type.String({ minLength: 1, maxLength: 8000 }) }, { additionalProperties: false });
export type MessageCreate = Static<typeof MessageCreate>;

export const ReportSign = Type.Object(
  {
    outcome: Outcome,
    /** Required for `recommend_visit`: how soon, e.g. "within 4 weeks". */
    timeFrame: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    fields: FieldValuesInput,
    /**
     * A critical result (docs/cases.md "Critical results"): the referrer is told at once and must acknowledge
     * it explicitly; `criticalFinding` (required with it) is the finding to act on.
     */
    critical: Type.Optional(Type.Boolean()),
    criticalFinding: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);
export type ReportSign = Static<typeof ReportSign>;

export const ReportAmend = Type.Object({ ...ReportSign.properties, ...Reason.properties }, { additionalProperties: false });
export type ReportAmend = Static<typeof ReportAmend>;

export const Reassign = Type.Object(
  { specialistId: Uuid, reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type Reassign = Static<typeof Reassign>;

export const CaseMessage = Type.Object({
  id: Uuid,
  authorId: Uuid,
  authorName: Type.String(),
  side: Type.Union([Type.Literal('referrer'), Type.Literal('specialist')]),
  body: Type.String(),
  createdAt: Timestamp,
});
export type CaseMessage = Static<typeof CaseMessage>;

export const CaseReport = Type.Object({
  version: Type.Integer(),
  outcome: Outcome,
  timeFrame: Type.Union([Type.String(), Type.Null()]),
  fields: FieldValues,
  amendmentReason: Type.Union([Type.String(), Type.Null()]),
  signedBy: Uuid,
  signedByName: Type.String(),
  signedAt: Timestamp,
});
export type CaseReport = Static<typeof CaseReport>;

/** A critical result flagged on a report version, and who acknowledged it when (null: not yet). */
export const CriticalResult = Type.Object({
  reportVersion: Type.Integer(),
  finding: Type.String(),
  flaggedBy: Uuid,
  flaggedByName: Type.String(),
  flaggedAt: Timestamp,
  /** When the sweeper escalates it if still unacknowledged (CASE_CRITICAL_ACK_MINUTES after flagging). */
  ackDueAt: Timestamp,
  acknowledgedBy: Type.Union([Uuid, Type.Null()]),
  acknowledgedByName: Type.Union([Type.String(), Type.Null()]),
  acknowledgedAt: Type.Union([Timestamp, Type.Null()]),
  escalatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type CriticalResult = Static<typeof CriticalResult>;

export const CaseEvent = Type.Object({
  event: Type.String(),
  fromState: Type.Union([CaseState, Type.Null()]),
  toState: CaseState,
  actorId: Type.Union([Uuid, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  at: Timestamp,
});
export type CaseEvent = Static<typeof CaseEvent>;

/** A case attachment: an uploaded image or document, or (through the imaging seam) a DICOM study by UID. */
export const CaseAttachment = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('image'), Type.Literal('document'), Type.Literal('dicom_study')]),
  view: Type.Union([Type.String(), Type.Null()]),
  contentType: Type.Union([Type.String(), Type.Null()]),
  studyInstanceUid: Type.Union([Type.String(), Type.Null()]),
  quality: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  createdAt: Timestamp,
});
export type CaseAttachment = Static<typeof CaseAttachment>;

export const CaseSummary = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  siteId: Uuid,
  patientId: Uuid,
  referrerId: Uuid,
  specialty: Type.String(),
  urgency: Urgency,
  state: CaseState,
  assigneeId: Type.Union([Uuid, Type.Null()]),
  targetSpecialistId: Type.Union([Uuid, Type.Null()]),
  submittedAt: Type.Union([Timestamp, Type.Null()]),
  dueAt: Type.Union([Timestamp, Type.Null()]),
  /** When the 75 % turnaround warning went out, and when the deadline was found breached. */
  warnedAt: Type.Union([Timestamp, Type.Null()]),
  breachedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CaseSummary = Static<typeof CaseSummary>;

export const Case = Type.Object({
  ...CaseSummary.properties,
  question: Type.String(),
  history: FieldValues,
  consent: Type.Union([Consent, Type.Null()]),
  /** Required views of the template with no attachment yet (a quality flag shown before submit). */
  missingViews: Type.Array(Type.String()),
  attachments: Type.Array(CaseAttachment),
  messages: Type.Array(CaseMessage),
  reports: Type.Array(CaseReport),
  criticalResults: Type.Array(CriticalResult),
  events: Type.Array(CaseEvent),
});
export type Case = Static<typeof Case>;

export const CASE_VIEWS = ['referred', 'queue', 'assigned'] as const;
export const CaseListQuery = Type.Object(
  {
    /** referred: cases of the caller's sites; queue: unclaimed cases of the caller's specialties; assigned: the caller's. */
    view: Type.Optional(Type.Enum(CASE_VIEWS)),
    state: Type.Optional(CaseState),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    /** The previous page's `nextCursor` (keyset pagination). */
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;
export const CaseList = Type.Object({ items: Type.Array(CaseSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type CaseList = Static<typeof CaseList>;
