import { Type, type Static } from 'typebox';
import { IsoDate, Timestamp, Uuid } from './common.js';

/**
 * Video visits: schemas shared by the server, the web app and the CLI. The lifecycle itself lives in
 * apps/server/src/modules/visits/visit-lifecycle.ts; the states are listed here so every side agrees.
 */
export const VISIT_STATUSES = ['scheduled', 'waiting', 'in_progress', 'reconnecting', 'ended', 'cancelled', 'no_show'] as const;
export const VisitStatus = Type.Enum(VISIT_STATUSES);
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const MODALITIES = ['video', 'audio_only'] as const;
export const Modality = Type.Enum(MODALITIES);
export type Modality = (typeof MODALITIES)[number];

export const PARTICIPANT_KINDS = ['host', 'clinician', 'patient', 'interpreter', 'guest'] as const;
export const ParticipantKind = Type.Enum(PARTICIPANT_KINDS);
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

export const TIMELINE_KINDS = ['state', 'join', 'admit', 'leave', 'reconnect', 'remove', 'modality', 'consent', 'invite', 'revoke', 'cohost'] as const;
export const TimelineKind = Type.Enum(TIMELINE_KINDS);
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

const Reason = Type.String({ minLength: 1, maxLength: 500 });
const DisplayName = Type.String({ minLength: 1, maxLength: 120 });

export const VisitCreate = Type.Object(
  {
    patientId: Uuid,
    siteId: Uuid,
    /** Defaults to the caller. */
    hostUserId: Type.Optional(Uuid),
    /** `null` for an on-demand visit. */
    scheduledStart: Type.Union([Timestamp, Type.Null()]),
    durationMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
    reason: Reason,
    modality: Type.Optional(Modality),
  },
  { additionalProperties: false },
);
export type VisitCreate = Static<typeof VisitCreate>;

export const VisitReschedule = Type.Object(
  { scheduledStart: Timestamp, durationMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 240 })) },
  { additionalProperties: false },
);
export type VisitReschedule = Static<typeof VisitReschedule>;

export const Participant = Type.Object({
  id: Uuid,
  kind: ParticipantKind,
  displayName: DisplayName,
  userId: Type.Union([Uuid, Type.Null()]),
  invitedAt: Timestamp,
  admittedAt: Type.Union([Timestamp, Type.Null()]),
  consentVersion: Type.Union([Type.String(), Type.Null()]),
  consentAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  removedAt: Type.Union([Timestamp, Type.Null()]),
  /** Set while a clinician participant is co-host (may admit and remove; see docs/visits.md). */
  cohostAt: Type.Union([Timestamp, Type.Null()]),
});
export type Participant = Static<typeof Participant>;

export const TimelineEvent = Type.Object({
  at: Timestamp,
  kind: TimelineKind,
  participantId: Type.Union([Uuid, Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
});
export type TimelineEvent = Static<typeof TimelineEvent>;

/** Milliseconds, computed from the timeline (the source of truth for billing). */
export const VisitDurations = Type.Object({
  /** From the first `in_progress` to `ended` (or now, while running). */
  totalMs: Type.Integer(),
  /** Time during which the patient and the host were both connected and admitted. */
  patientAndClinicianMs: Type.Integer(),
  /** Of that, time spent in audio-only modality. */
  audioOnlyMs: Type.Integer(),
});
export type VisitDurations = Static<typeof VisitDurations>;

export const Visit = Type.Object({
  id: Uuid,
  organizationId: Uuid,
  siteId: Uuid,
  patientId: Uuid,
  hostUserId: Uuid,
  scheduledStart: Type.Union([Timestamp, Type.Null()]),
  durationMinutes: Type.Integer(),
  reason: Type.String(),
  modality: Modality,
  status: VisitStatus,
  createdAt: Timestamp,
  startedAt: Type.Union([Timestamp, Type.Null()]),
  endedAt: Type.Union([Timestamp, Type.Null()]),
  /**
   * The consult this visit follows up, when it was scheduled from a case's report (docs/cases.md); the server
   * always sends it (null when none). Optional in the type so that hand-built fixtures need not name it.
   */
  caseId: Type.Optional(Type.Union([Uuid, Type.Null()])),
});
export type Visit = Static<typeof Visit>;

export const VisitDetail = Type.Intersect([
  Visit,
  Type.Object({ participants: Type.Array(Participant), timeline: Type.Array(TimelineEvent), durations: VisitDurations }),
]);
export type VisitDetail = Static<typeof VisitDetail>;

/** `GET /sites/:siteId/visits?date=` — the day in the site's time zone; today there when absent. */
export const VisitDayQuery = Type.Object({ date: Type.Optional(IsoDate) }, { additionalProperties: false });
export type VisitDayQuery = Static<typeof VisitDayQuery>;

export const VisitDay = Type.Object({ siteId: Uuid, date: IsoDate, timeZone: Type.String(), items: Type.Array(Visit) });
export type VisitDay = Static<typeof VisitDay>;

export const InvitationCreate = Type.Object(
  {
    kind: Type.Enum(['patient', 'interpreter', 'guest'] as const),
    /** Defaults to the patient's name initials for `patient`; required otherwise. */
    displayName: Type.Optional(DisplayName),
    /** Defaults to the patient's email for `patient`; no email is sent when absent. */
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    sendEmail: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type InvitationCreate = Static<typeof InvitationCreate>;

export const Invitation = Type.Object({
  participantId: Uuid,
  /** `<publicUrl>/join#<token>`: the token travels in the fragment, never to a server log. */
  joinUrl: Type.String(),
  validFrom: Timestamp,
  validUntil: Timestamp,
  emailed: Type.Boolean(),
});
export type Invitation = Static<typeof Invitation>;

/** `POST /visits/:visitId/participants`: a platform user (clinician or specialist of the organization) joins with their own session. */
export const StaffInvitationCreate = Type.Object({ userId: Uuid }, { additionalProperties: false });
export type StaffInvitationCreate = Static<typeof StaffInvitationCreate>;

/** A visit the caller was invited into by account (`GET /visit-invitations`): no reason, no patient detail. */
export const StaffInvitation = Type.Object({
  visitId: Uuid,
  participantId: Uuid,
  siteId: Uuid,
  status: VisitStatus,
  scheduledStart: Type.Union([Timestamp, Type.Null()]),
  invitedAt: Timestamp,
  hostName: Type.String(),
  cohost: Type.Boolean(),
});
export type StaffInvitation = Static<typeof StaffInvitation>;
export const StaffInvitationList = Type.Object({ items: Type.Array(StaffInvitation) });
export type StaffInvitationList = Static<typeof StaffInvitationList>;

export const ParticipantParams = Type.Object({ visitId: Uuid, participantId: Uuid }, { additionalProperties: false });

// ---- patient join (no account) ------------------------------------------------------------------------
const JoinToken = Type.String({ minLength: 40, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const JoinLookup = Type.Object({ token: JoinToken }, { additionalProperties: false });
export type JoinLookup = Static<typeof JoinLookup>;

export const JoinInfo = Type.Object({
  displayName: Type.String(),
  kind: ParticipantKind,
  scheduledStart: Type.Union([Timestamp, Type.Null()]),
  modality: Modality,
  status: VisitStatus,
  birthDateRequired: Type.Boolean(),
  consent: Type.Object({ version: Type.String(), text: Type.String() }),
  consentGiven: Type.Boolean(),
});
export type JoinInfo = Static<typeof JoinInfo>;

export const JoinConsent = Type.Object(
  { token: JoinToken, consentVersion: Type.String({ minLength: 1, maxLength: 32 }), birthDate: Type.Optional(IsoDate) },
  { additionalProperties: false },
);
export type JoinConsent = Static<typeof JoinConsent>;

export const IceServer = Type.Object({
  urls: Type.Array(Type.String()),
  username: Type.Optional(Type.String()),
  credential: Type.Optional(Type.String()),
});
export type IceServer = Static<typeof IceServer>;

/** What a participant needs to connect: ICE servers with short-lived TURN credentials, and the socket path. */
export const JoinGrant = Type.Object({
  visitId: Uuid,
  participantId: Uuid,
  iceServers: Type.Array(IceServer),
  iceTransportPolicy: Type.Enum(['all', 'relay'] as const),
  signallingPath: Type.String(),
});
export type JoinGrant = Static<typeof JoinGrant>;

// ---- signalling (one WebSocket, JSON text frames) ---------------------------------------------------------
const PeerId = Uuid;
/** SDP offer/answer or an ICE candidate, relayed opaquely to one participant of the same visit. */
const SignalData = Type.Union([
  /** The answering side asks the offering side for an ICE restart (its network changed). */
  Type.Object({ restart: Type.Literal(true) }, { additionalProperties: false }),
  Type.Object({ sdp: Type.Object({ type: Type.Enum(['offer', 'answer'] as const), sdp: Type.String({ maxLength: 20_000 }) }, { additionalProperties: false }) }, { additionalProperties: false }),
  Type.Object(
    {
      candidate: Type.Union([
        Type.Object(
          {
            candidate: Type.String({ maxLength: 1000 }),
            sdpMid: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
            sdpMLineIndex: Type.Union([Type.Integer({ minimum: 0, maximum: 64 }), Type.Null()]),
            usernameFragment: Type.Optional(Type.Union([Type.String({ maxLength: 256 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    },
    { additionalProperties: false },
  ),
]);

/** Messages a client may send. The sender's identity is never in a message: the server takes it from the credential. */
export const ClientMessage = Type.Union([
  Type.Object({ type: Type.Literal('hello'), joinToken: Type.Optional(Type.String({ maxLength: 64 })), visitId: Type.Optional(Uuid), resume: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('signal'), to: PeerId, data: SignalData }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('chat'), text: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('admit'), participantId: PeerId }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('remove'), participantId: PeerId }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('end') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('modality'), modality: Modality }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('ping') }, { additionalProperties: false }),
  /** The sender started or stopped sharing their screen (the media itself flows on the peer connections). */
  Type.Object({ type: Type.Literal('screen'), sharing: Type.Boolean() }, { additionalProperties: false }),
  /** The host makes a clinician participant co-host (`cohost: true`) or takes it back. */
  Type.Object({ type: Type.Literal('cohost'), participantId: PeerId, cohost: Type.Boolean() }, { additionalProperties: false }),
]);
export type ClientMessage = Static<typeof ClientMessage>;

export const RoomPeer = Type.Object({
  participantId: Uuid,
  kind: ParticipantKind,
  displayName: Type.String(),
  admitted: Type.Boolean(),
  /** Co-host: may admit and remove like the host (not end the visit, not promote). */
  cohost: Type.Boolean(),
  /** When this participant's current connection began (waiting time on the dashboard). */
  since: Timestamp,
});
export type RoomPeer = Static<typeof RoomPeer>;

/** Messages the server sends. */
export type ServerMessage =
  | { type: 'welcome'; participantId: string; kind: ParticipantKind; status: VisitStatus; admitted: boolean; cohost: boolean; peers: RoomPeer[] }
  | { type: 'peer-joined'; peer: RoomPeer }
  | { type: 'peer-left'; participantId: string; reason: 'left' | 'dropped' | 'removed' | 'ended' | 'timed_out' }
  | { type: 'admitted'; participantId: string }
  | { type: 'status'; status: VisitStatus }
  | { type: 'signal'; from: string; data: Static<typeof SignalData> }
  | { type: 'chat'; from: string; displayName: string; text: string; at: string }
  | { type: 'modality'; from: string; modality: Modality }
  | { type: 'screen'; from: string; sharing: boolean }
  | { type: 'cohost'; participantId: string; cohost: boolean }
  | { type: 'removed' }
  | { type: 'ended' }
  | { type: 'pong' }
  | { type: 'error'; code: string; message: string };

// ---- clinician notes (never shown to the patient) ----------------------------------------------------------
export const VisitNoteCreate = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10_000 }) }, { additionalProperties: false });
export type VisitNoteCreate = Static<typeof VisitNoteCreate>;

export const VisitNote = Type.Object({ id: Type.Integer(), authorUserId: Uuid, at: Timestamp, body: Type.String() });
export type VisitNote = Static<typeof VisitNote>;

export const VisitNoteList = Type.Object({ items: Type.Array(VisitNote) });
export type VisitNoteList = Static<typeof VisitNoteList>;
