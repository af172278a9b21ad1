/**
 * Billing contracts: the encounter facts the coding engine reads, the coding result it returns, and the
 * claim batch the exports (X12 837P, FHIR R4 Claim, CSV) are built from. See docs/billing.md.
 *
 * Encounter facts carry no PHI: no names, identifiers or free text — only what happened (modality, where the
 * patient was, minutes, what followed). Everything is optional; a rule that needs a missing fact answers
 * `needs: [...]` instead of guessing.
 */
import { Type, type Static } from 'typebox';
import { IsoDate } from './common.js';

const Minutes = Type.Integer({ minimum: 0, maximum: 100_000 });
const Days = Type.Integer({ minimum: 0, maximum: 31 });
const Flag = Type.Boolean();

export const PAYER_PROFILES = [
  'medicare_ffs',
  'commercial_cpt2025',
  'commercial_legacy_em',
  'commercial_inperson_pos_95',
  'commercial_pharmacist_recognized',
] as const;
export type PayerProfile = (typeof PAYER_PROFILES)[number];

export const SERVICE_TYPES = [
  'synchronous_telehealth_em',
  'synchronous_telehealth_behavioral',
  'synchronous_telehealth_therapy',
  'virtual_check_in',
  'store_and_forward_review',
  'online_digital_em',
  'interprofessional_consultation',
  'remote_physiologic_monitoring',
  'originating_site_facility_fee',
  'telepharmacy_counselling',
  'pharmacist_incident_to',
  'fqhc_distant_site_medical_telehealth',
  'rhc_mental_health_visit',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const MODALITIES = [
  'audio_video',
  'audio_only',
  'asynchronous_images',
  'asynchronous_portal',
  'asynchronous_portal_with_images',
  'in_person',
] as const;
export const PATIENT_LOCATIONS = [
  'home',
  'other_non_facility',
  'physician_office',
  'hospital_outpatient',
  'hospital_emergency_department',
  'nursing_facility',
] as const;
export const PROVIDER_TYPES = [
  'physician',
  'nurse_practitioner',
  'physician_assistant',
  'clinical_psychologist',
  'LCSW',
  'pharmacist',
  'occupational_therapist',
  'physical_therapist',
] as const;
export const MDM_LEVELS = ['straightforward', 'low', 'moderate', 'high'] as const;
export type MdmLevel = (typeof MDM_LEVELS)[number];
export const BILLING_ENTITIES = ['practice', 'FQHC', 'RHC', 'hospital_outpatient', 'critical_access_hospital'] as const;

/** Place of service: two digits from the CMS Place of Service code set. */
export const PosCode = Type.String({ pattern: '^[0-9]{2}$' });

export const FollowupVisit = Type.Object(
  {
    modality: Type.Optional(Type.Enum(MODALITIES)),
    totalTimeMinutes: Type.Optional(Minutes),
    patientLocation: Type.Optional(Type.Enum(PATIENT_LOCATIONS)),
  },
  { additionalProperties: false },
);

/** What happened in one encounter (or one monitoring / e-visit period). Documented in docs/billing.md. */
export const EncounterFacts = Type.Object(
  {
    dateOfService: Type.Optional(IsoDate),
    periodStart: Type.Optional(IsoDate),
    periodEnd: Type.Optional(IsoDate),
    payer: Type.Optional(Type.Enum(['medicare', 'medicaid', 'commercial'] as const)),
    payerProfile: Type.Optional(Type.Enum(PAYER_PROFILES)),
    claimForm: Type.Optional(Type.Enum(['837P', '837I'] as const)),
    billingEntity: Type.Optional(Type.Enum(BILLING_ENTITIES)),
    serviceType: Type.Optional(Type.Enum(SERVICE_TYPES)),
    modality: Type.Optional(Type.Enum(MODALITIES)),
    patientStatus: Type.Optional(Type.Enum(['new', 'established'] as const)),
    patientLocation: Type.Optional(Type.Enum(PATIENT_LOCATIONS)),
    ruralHpsa: Type.Optional(Flag),
    providerType: Type.Optional(Type.Enum(PROVIDER_TYPES)),
    role: Type.Optional(Type.Enum(['consultant', 'treating_requesting'] as const)),
    totalTimeMinutes: Type.Optional(Minutes),
    mdmLevel: Type.Optional(Type.Enum(MDM_LEVELS)),
    minutes: Type.Optional(Minutes),
    cumulativeMinutes7Days: Type.Optional(Minutes),
    patientInitiated: Type.Optional(Flag),
    relatedEmWithinPrior7Days: Type.Optional(Flag),
    emVisitFollowedWithin24h: Type.Optional(Flag),
    emVisitWithin7Days: Type.Optional(Flag),
    followupVisit: Type.Optional(FollowupVisit),
    consultMinutes: Type.Optional(Minutes),
    medicalDiscussionMinutes: Type.Optional(Minutes),
    verbalDiscussionShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    writtenReport: Type.Optional(Flag),
    referralPrepAndCommunicationMinutes: Type.Optional(Minutes),
    consultantSawPatientWithinPrior14Days: Type.Optional(Flag),
    leadsToTransferOrVisitWithin14Days: Type.Optional(Flag),
    daysWithReadings: Type.Optional(Days),
    treatmentMgmtMinutesCalendarMonth: Type.Optional(Minutes),
    interactiveCommunication: Type.Optional(Flag),
    setupAndEducationThisPeriod: Type.Optional(Flag),
    otherPractitionerBillingRpmSamePeriod: Type.Optional(Flag),
    rtmBilledSamePeriod: Type.Optional(Flag),
    deviceFdaMedicalDevice: Type.Optional(Flag),
    autoTransmission: Type.Optional(Flag),
    patientVideoCapable: Type.Optional(Flag),
    practitionerVideoCapable: Type.Optional(Flag),
    patientConsentsVideo: Type.Optional(Flag),
    patientConsentDocumented: Type.Optional(Flag),
    verbalConsentDocumented: Type.Optional(Flag),
    interpreterInvolved: Type.Optional(Flag),
    payerCoversT1013: Type.Optional(Flag),
    psychotherapyMinutes: Type.Optional(Minutes),
    supervision: Type.Optional(Type.Enum(['direct', 'direct_virtual', 'general'] as const)),
    usualInPersonPos: Type.Optional(PosCode),
    acuteStroke: Type.Optional(Flag),
  },
  { additionalProperties: false },
);
export type EncounterFacts = Static<typeof EncounterFacts>;

/** One proposed claim line. `pos` is null on institutional (837I) lines, which carry a revenue code instead. */
export const ClaimLine = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9A-Z]{5}$' }),
    modifiers: Type.Array(Type.String({ pattern: '^[0-9A-Z]{2}$' }), { maxItems: 4 }),
    pos: Type.Union([PosCode, Type.Null()]),
    units: Type.Integer({ minimum: 1, maximum: 999 }),
    revenueCode: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
    typeOfBill: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
  },
  { additionalProperties: false },
);
export type ClaimLine = Static<typeof ClaimLine>;

export const RuleRef = Type.Object({ id: Type.String(), source: Type.String() }, { additionalProperties: false });
export type RuleRef = Static<typeof RuleRef>;

/** The engine's answer for one encounter. A held claim is `billable: false` with a reason starting "held:". */
export const CodingResult = Type.Object(
  {
    billable: Type.Boolean(),
    lines: Type.Array(ClaimLine),
    notBillableReason: Type.Union([Type.String(), Type.Null()]),
    needs: Type.Array(Type.String()),
    warnings: Type.Array(Type.String()),
    rulesApplied: Type.Array(RuleRef),
  },
  { additionalProperties: false },
);
export type CodingResult = Static<typeof CodingResult>;

/** Most encounters one request may code. */
export const MAX_ENCOUNTERS_PER_REQUEST = 1000;
export const CodeRequest = Type.Union([EncounterFacts, Type.Array(EncounterFacts, { minItems: 1, maxItems: MAX_ENCOUNTERS_PER_REQUEST })]);
export type CodeRequest = Static<typeof CodeRequest>;
export const CodeResponse = Type.Union([CodingResult, Type.Array(CodingResult)]);
export type CodeResponse = Static<typeof CodeResponse>;

// ---- Claim batches for the exports (X12 837P 005010X222A1, FHIR R4 Claim, CSV) ----

/** Text that goes into X12 elements: no delimiters (* : ^ ~) and nothing outside a safe set. */
const X12Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: "^[A-Za-z0-9][A-Za-z0-9 .,'&/-]*$" });
const Id = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '^[A-Za-z0-9-]+$' });
const Npi = Type.String({ pattern: '^[0-9]{10}$' });

export const PostalAddress = Type.Object(
  {
    line1: X12Text(55),
    city: X12Text(30),
    state: Type.String({ pattern: '^[A-Z]{2}$' }),
    postalCode: Type.String({ pattern: '^[0-9]{5}([0-9]{4})?$' }),
  },
  { additionalProperties: false },
);

/** One service line of a claim: a coded line plus its charge, date and diagnosis pointers. */
export const ClaimServiceLine = Type.Object(
  {
    code: Type.String({ pattern: '^[0-9A-Z]{5}$' }),
    modifiers: Type.Array(Type.String({ pattern: '^[0-9A-Z]{2}$' }), { maxItems: 4 }),
    pos: PosCode,
    units: Type.Integer({ minimum: 1, maximum: 999 }),
    charge: Type.Number({ exclusiveMinimum: 0, maximum: 9_999_999, multipleOf: 0.01 }),
    dateOfService: IsoDate,
    diagnosisPointers: Type.Array(Type.Integer({ minimum: 1, maximum: 12 }), { minItems: 1, maxItems: 4 }),
  },
  { additionalProperties: false },
);
export type ClaimServiceLine = Static<typeof ClaimServiceLine>;

export const Claim = Type.Object(
  {
    claimId: Id(38),
    /** Claim filing indicator (SBR09): MB Medicare Part B, MC Medicaid, CI commercial. */
    filingIndicator: Type.Enum(['MB', 'MC', 'CI'] as const),
    subscriber: Type.Object(
      {
        memberId: Id(80),
        lastName: X12Text(60),
        firstName: X12Text(35),
        birthDate: IsoDate,
        sex: Type.Enum(['M', 'F', 'U'] as const),
        address: PostalAddress,
      },
      { additionalProperties: false },
    ),
    payer: Type.Object({ name: X12Text(60), id: Id(80) }, { additionalProperties: false }),
    renderingProvider: Type.Optional(
      Type.Object({ npi: Npi, lastName: X12Text(60), firstName: X12Text(35) }, { additionalProperties: false }),
    ),
    /** ICD-10-CM codes without the dot, e.g. I10, E119. */
    diagnoses: Type.Array(Type.String({ pattern: '^[A-Z][0-9][0-9A-Z]{1,5}$' }), { minItems: 1, maxItems: 12 }),
    lines: Type.Array(ClaimServiceLine, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type Claim = Static<typeof Claim>;

export const MAX_CLAIMS_PER_REQUEST = 1000;

/** A batch of professional claims from one billing provider to one receiver. */
export const ClaimBatch = Type.Object(
  {
    sender: Type.Object(
      { id: Id(15), name: X12Text(60), contactName: X12Text(60), contactPhone: Type.String({ pattern: '^[0-9]{10}$' }) },
      { additionalProperties: false },
    ),
    receiver: Type.Object({ id: Id(15), name: X12Text(60) }, { additionalProperties: false }),
    interchangeControlNumber: Type.Integer({ minimum: 1, maximum: 999_999_999 }),
    groupControlNumber: Type.Integer({ minimum: 1, maximum: 999_999_999 }),
    usage: Type.Enum(['P', 'T'] as const),
    /** When the batch was created (ISA09/10, GS04/05, BHT04/05): given, so the output is reproducible. */
    createdAt: Type.String({ format: 'date-time' }),
    billingProvider: Type.Object(
      { npi: Npi, name: X12Text(60), taxId: Type.String({ pattern: '^[0-9]{9}$' }), address: PostalAddress },
      { additionalProperties: false },
    ),
    claims: Type.Array(Claim, { minItems: 1, maxItems: MAX_CLAIMS_PER_REQUEST }),
  },
  { additionalProperties: false },
);
export type ClaimBatch = Static<typeof ClaimBatch>;
