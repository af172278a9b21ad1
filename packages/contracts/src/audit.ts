import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.js';

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export const AuditOutcome = Type.Enum(AUDIT_OUTCOMES);
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const AuditEvent = Type.Object({
  seq: Type.Integer(),
  eventTime: Timestamp,
  userId: Type.Union([Uuid, Type.Null()]),
  role: Type.Union([Type.String(), Type.Null()]),
  organizationId: Type.Union([Uuid, Type.Null()]),
  patientId: Type.Union([Uuid, Type.Null()]),
  action: Type.String(),
  resourceType: Type.Union([Type.String(), Type.Null()]),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  outcome: AuditOutcome,
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const AuditQuery = Type.Object(
  {
    userId: Type.Optional(Uuid),
    patientId: Type.Optional(Uuid),
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z_.]+\\*?$' })),
    outcome: Type.Optional(AuditOutcome),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    /** Return events with `seq` below this (newest first paging). */
    beforeSeq: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
const { limit: _limit, beforeSeq: _beforeSeq, ...filters } = AuditQuery.properties;
export const AuditExportQuery = Type.Object(
  { ...filters, format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('json')])) },
  { additionalProperties: false },
);
export type AuditExportQuery = Static<typeof AuditExportQuery>;
export const AuditEventList = Type.Object({
  items: Type.Array(AuditEvent),
  nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]),
});
