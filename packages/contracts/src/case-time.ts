/** Time on a store-and-forward case (docs/cases.md#time-on-case): heartbeats, entries, corrections. */
import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.js';

export const CaseTimeEntry = Type.Object({
  id: Uuid,
  userId: Uuid,
  side: Type.Enum(['referrer', 'specialist'] as const),
  startedAt: Timestamp,
  lastBeatAt: Timestamp,
  measuredSeconds: Type.Integer(),
  correctedSeconds: Type.Union([Type.Integer(), Type.Null()]),
  correctionReason: Type.Union([Type.String(), Type.Null()]),
  /** The figure billing uses: the correction when there is one, else the measured time. */
  seconds: Type.Integer(),
});
export type CaseTimeEntry = Static<typeof CaseTimeEntry>;

export const CaseTime = Type.Object({
  entries: Type.Array(CaseTimeEntry),
  specialistSeconds: Type.Integer(),
  referrerSeconds: Type.Integer(),
});
export type CaseTime = Static<typeof CaseTime>;

export const CaseTimeCorrection = Type.Object(
  { seconds: Type.Integer({ minimum: 0, maximum: 86_400 }), reason: Type.String({ minLength: 3, maxLength: 500 }) },
  { additionalProperties: false },
);
export type CaseTimeCorrection = Static<typeof CaseTimeCorrection>;

export const CaseTimeEntryParams = Type.Object({ caseId: Uuid, entryId: Uuid }, { additionalProperties: false });
