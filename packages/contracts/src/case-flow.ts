/**
 * Consult routing and clocks: specialty queue settings, specialist availability, queues shared with another
 * organization, the per-specialty dashboard, and in-app notifications. See docs/cases.md.
 */
import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.js';

const Specialty = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9_]+$' });

export const SpecialtyParams = Type.Object({ specialty: Specialty }, { additionalProperties: false });

/** A specialty queue of the caller's organization. */
export const CaseQueue = Type.Object({
  specialty: Type.String(),
  /** Receives turnaround escalations; null: the organization's admins do. */
  leadUserId: Type.Union([Uuid, Type.Null()]),
  /** Submitted cases go to the least loaded available specialist of the specialty. */
  autoAssign: Type.Boolean(),
});
export type CaseQueue = Static<typeof CaseQueue>;
export const CaseQueueList = Type.Object({ items: Type.Array(CaseQueue) });
export const CaseQueueUpdate = Type.Object(
  { leadUserId: Type.Union([Uuid, Type.Null()]), autoAssign: Type.Boolean() },
  { additionalProperties: false },
);
export type CaseQueueUpdate = Static<typeof CaseQueueUpdate>;

export const Availability = Type.Object({ available: Type.Boolean() }, { additionalProperties: false });
export type Availability = Static<typeof Availability>;

/** A sharing agreement: the owning organization's queue of `specialty`, open to the partner's specialists. */
export const CaseQueueShare = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  specialty: Type.String(),
  partnerOrganizationId: Uuid,
  createdAt: Timestamp,
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});
export type CaseQueueShare = Static<typeof CaseQueueShare>;
export const CaseQueueShareList = Type.Object({ items: Type.Array(CaseQueueShare) });
export const CaseQueueShareCreate = Type.Object(
  { specialty: Specialty, partnerOrganizationId: Uuid },
  { additionalProperties: false },
);
export type CaseQueueShareCreate = Static<typeof CaseQueueShareCreate>;

export const DashboardQuery = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })) },
  { additionalProperties: false },
);
export type DashboardQuery = Static<typeof DashboardQuery>;

/** One specialty's figures. Times to answer exclude time spent awaiting information; null with no answers. */
export const DashboardRow = Type.Object({
  specialty: Type.String(),
  /** Cases submitted and not yet answered, withdrawn or returned (now). */
  open: Type.Integer(),
  /** Cases submitted in the window that were answered. */
  answered: Type.Integer(),
  medianAnswerMinutes: Type.Union([Type.Number(), Type.Null()]),
  p90AnswerMinutes: Type.Union([Type.Number(), Type.Null()]),
  /** Cases submitted in the window whose deadline passed before they were answered. */
  breaches: Type.Integer(),
});
export type DashboardRow = Static<typeof DashboardRow>;
export const Dashboard = Type.Object({ days: Type.Integer(), since: Timestamp, items: Type.Array(DashboardRow) });
export type Dashboard = Static<typeof Dashboard>;

export const NOTIFICATION_KINDS = [
  'case_question',
  'case_reply',
  'case_report',
  'case_amendment',
  'case_returned',
  'case_assigned',
  'case_warning',
  'case_breach',
  'case_follow_up',
  /** A platform user was invited into a video visit (no case link; the Visits page lists the invitation). */
  'visit_invitation',
  'case_critical',
  'case_critical_escalation',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** An in-app notice. The title carries no PHI; the case is linked by its opaque id. */
export const Notification = Type.Object({
  id: Uuid,
  kind: Type.Enum(NOTIFICATION_KINDS),
  title: Type.String(),
  caseId: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
  readAt: Type.Union([Timestamp, Type.Null()]),
});
export type Notification = Static<typeof Notification>;
export const NotificationQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
  },
  { additionalProperties: false },
);
export type NotificationQuery = Static<typeof NotificationQuery>;
export const NotificationList = Type.Object({ items: Type.Array(Notification), unread: Type.Integer() });
export type NotificationList = Static<typeof NotificationList>;
