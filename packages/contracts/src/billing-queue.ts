/**
 * The billing work queue (docs/billing.md#the-work-queue): one encounter per completed video visit or answered
 * store-and-forward case, with the facts the platform derived, what a person attested, the engine's proposed
 * lines and their sources, edits with a reason, hold/release and export.
 */
import { Type, type Static } from 'typebox';
import { ClaimLine, CodingResult, EncounterFacts, MDM_LEVELS, PAYER_PROFILES, PATIENT_LOCATIONS, PostalAddress, PROVIDER_TYPES } from './billing.js';
import { IsoDate, Timestamp, Uuid } from './common.js';

export const VISIT_SERVICE_TYPES = ['synchronous_telehealth_em', 'synchronous_telehealth_behavioral', 'synchronous_telehealth_therapy'] as const;
export const CASE_SERVICE_TYPES = ['interprofessional_consultation', 'store_and_forward_review'] as const;
const ATTESTABLE_SERVICE_TYPES = [...VISIT_SERVICE_TYPES, ...CASE_SERVICE_TYPES] as const;

export const SOURCE_KINDS = ['visit', 'case', 'case_referral'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const ENCOUNTER_STATES = ['ready', 'held', 'exported'] as const;
export type EncounterState = (typeof ENCOUNTER_STATES)[number];

const Reason = Type.String({ minLength: 3, maxLength: 500 });
const Id = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '^[A-Za-z0-9-]+$' });
const X12Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: "^[A-Za-z0-9][A-Za-z0-9 .,'&/-]*$" });

/** What the platform cannot know and a clinician (or billing staff) attests: a short form. */
export const Attestation = Type.Object(
  {
    /** A visit may be a behavioural or therapy service; a consult may be a review of the patient's own images. */
    serviceType: Type.Optional(Type.Enum(ATTESTABLE_SERVICE_TYPES)),
    payerProfile: Type.Optional(Type.Enum(PAYER_PROFILES)),
    payer: Type.Optional(Type.Enum(['medicare', 'medicaid', 'commercial'] as const)),
    patientStatus: Type.Optional(Type.Enum(['new', 'established'] as const)),
    mdmLevel: Type.Optional(Type.Enum(MDM_LEVELS)),
    providerType: Type.Optional(Type.Enum(PROVIDER_TYPES)),
    patientLocation: Type.Optional(Type.Enum(PATIENT_LOCATIONS)),
    ruralHpsa: Type.Optional(Type.Boolean()),
    patientConsentsVideo: Type.Optional(Type.Boolean()),
    verbalConsentDocumented: Type.Optional(Type.Boolean()),
    relatedEmWithinPrior7Days: Type.Optional(Type.Boolean()),
    usualInPersonPos: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
  },
  { additionalProperties: false },
);
export type Attestation = Static<typeof Attestation>;

/** Coverage and diagnoses for the claim (the platform records neither). */
export const ClaimDetails = Type.Object(
  {
    filingIndicator: Type.Enum(['MB', 'MC', 'CI'] as const),
    memberId: Id(80),
    payerName: X12Text(60),
    payerId: Id(80),
    address: PostalAddress,
    diagnoses: Type.Array(Type.String({ pattern: '^[A-Z][0-9][0-9A-Z]{1,5}$' }), { minItems: 1, maxItems: 12 }),
  },
  { additionalProperties: false },
);
export type ClaimDetails = Static<typeof ClaimDetails>;

export const BillingEncounter = Type.Object({
  id: Uuid,
  /** visit; case (the consultant's side of a consult); case_referral (the requesting practitioner's side). */
  sourceKind: Type.Enum(SOURCE_KINDS),
  sourceId: Uuid,
  patientId: Uuid,
  siteId: Uuid,
  serviceDate: IsoDate,
  serviceType: Type.Union([Type.String(), Type.Null()]),
  state: Type.Enum(ENCOUNTER_STATES),
  facts: EncounterFacts,
  /** Where each derived fact came from (timeline, case time, report, attestation). */
  sources: Type.Record(Type.String(), Type.String()),
  attestation: Attestation,
  claimDetails: Type.Union([ClaimDetails, Type.Null()]),
  proposed: CodingResult,
  /** The lines that will be claimed: the edited ones, or else the proposed ones. */
  lines: Type.Array(ClaimLine),
  edited: Type.Boolean(),
  holdReason: Type.Union([Type.String(), Type.Null()]),
  exportedAt: Type.Union([Timestamp, Type.Null()]),
  exportFormat: Type.Union([Type.String(), Type.Null()]),
});
export type BillingEncounter = Static<typeof BillingEncounter>;

export const BillingQueueQuery = Type.Object(
  {
    state: Type.Optional(Type.Enum(ENCOUNTER_STATES)),
    /** Calendar month of service, YYYY-MM. */
    month: Type.Optional(Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type BillingQueueQuery = Static<typeof BillingQueueQuery>;

export const BillingQueue = Type.Object({ items: Type.Array(BillingEncounter) });
export type BillingQueue = Static<typeof BillingQueue>;

export const BillingTotals = Type.Object({
  items: Type.Array(
    Type.Object({ month: Type.String(), serviceType: Type.String(), encounters: Type.Integer(), billable: Type.Integer(), lines: Type.Integer(), units: Type.Integer() }),
  ),
});
export type BillingTotals = Static<typeof BillingTotals>;

export const LinesEdit = Type.Object(
  { lines: Type.Array(ClaimLine, { maxItems: 50 }), reason: Reason },
  { additionalProperties: false },
);
export type LinesEdit = Static<typeof LinesEdit>;

export const HoldRequest = Type.Object({ reason: Reason }, { additionalProperties: false });
export type HoldRequest = Static<typeof HoldRequest>;

/** Export of selected encounters: the batch envelope and a charge per unit (per code, or a default). */
export const EncounterExport = Type.Object(
  {
    encounterIds: Type.Array(Uuid, { minItems: 1, maxItems: 1000, uniqueItems: true }),
    format: Type.Enum(['837p', 'fhir-claim', 'csv'] as const),
    envelope: Type.Object(
      {
        sender: Type.Object({ id: Id(15), name: X12Text(60), contactName: X12Text(60), contactPhone: Type.String({ pattern: '^[0-9]{10}$' }) }, { additionalProperties: false }),
        receiver: Type.Object({ id: Id(15), name: X12Text(60) }, { additionalProperties: false }),
        interchangeControlNumber: Type.Integer({ minimum: 1, maximum: 999_999_999 }),
        groupControlNumber: Type.Integer({ minimum: 1, maximum: 999_999_999 }),
        usage: Type.Enum(['P', 'T'] as const),
        billingProvider: Type.Object(
          { npi: Type.String({ pattern: '^[0-9]{10}$' }), name: X12Text(60), taxId: Type.String({ pattern: '^[0-9]{9}$' }), address: PostalAddress },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    defaultCharge: Type.Number({ exclusiveMinimum: 0, maximum: 99_999, multipleOf: 0.01 }),
    charges: Type.Optional(Type.Record(Type.String({ pattern: '^[0-9A-Z]{5}$' }), Type.Number({ exclusiveMinimum: 0, maximum: 99_999, multipleOf: 0.01 }))),
    /** Mark the encounters exported (default true); false builds a preview. */
    markExported: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type EncounterExport = Static<typeof EncounterExport>;
