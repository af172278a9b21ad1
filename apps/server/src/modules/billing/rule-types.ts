/**
 * The vocabulary of the coding rules. Rules are data (rules/<year>/<profile>.ts): each names the services it
 * applies to, when it applies (conditions on the encounter facts), and what follows (a line, a hold, "not
 * separately billable", a warning). The engine (coding-engine.ts) evaluates them; it knows no code numbers.
 */
import type { EncounterFacts, MdmLevel, PayerProfile, ServiceType } from '@telehealth/contracts/billing';

/**
 * Facts the engine derives before the rules run:
 * - `medicareTelehealthLapsed`: the date of service falls in a statutory lapse window of the rule set;
 * - `periodDays`: periodEnd − periodStart + 1;
 * - `videoDeclined`: the patient cannot or does not consent to use video (42 CFR 410.78(a)(3)).
 */
export interface DerivedFacts {
  medicareTelehealthLapsed?: boolean;
  periodDays?: number;
  videoDeclined?: boolean;
}
export type Facts = Omit<EncounterFacts, 'followupVisit'> & DerivedFacts;
export type FactKey = keyof Facts;

/**
 * Read-only view of the facts: derived facts first, then the input, then the rule set's defaults. Nothing is
 * copied per encounter (copying ~50 properties per call dominated the run time).
 */
export class FactView {
  constructor(
    private readonly input: Facts,
    private readonly derived: DerivedFacts,
    private readonly defaults: Partial<Facts>,
  ) {}

  get<K extends FactKey>(key: K): Facts[K] | undefined {
    const d = (this.derived as Facts)[key];
    if (d !== undefined) return d;
    const v = this.input[key];
    return v !== undefined ? v : this.defaults[key];
  }
}

export type Scalar = string | number | boolean;
/** A value (equality), a set, a numeric range (bounds combine), or a negation. */
export type Matcher =
  | Scalar
  | { in: readonly Scalar[] }
  | { notIn: readonly Scalar[] }
  | { lt?: number; lte?: number; gt?: number; gte?: number };

/** All listed facts must match; `$any` adds alternatives of which at least one must hold. */
export type When = { [K in FactKey]?: Matcher } & { $any?: readonly When[] };

/** E/M level tables: a level is reached by its medical decision making or by its total time. */
export interface EmLevel {
  code: string;
  mdm: MdmLevel;
  minMinutes: number;
}
/** Time bands: the first band whose range holds the minutes gives the code. */
export interface Band {
  min: number;
  max?: number;
  code: string;
}

export type CodeSpec =
  | string
  | { emTable: readonly EmLevel[]; belowReason: string }
  | { fact: FactKey; bands: readonly Band[]; belowReason: string };

/** Where the patient was, as a place of service. */
export type PosSpec =
  | { fixed: string }
  /** Telehealth POS (CMS POS code set, 2024+): 10 in the patient's home, 02 anywhere else. */
  | 'telehealth'
  /** The POS the service would have had in person (`usualInPersonPos`). */
  | 'usual'
  /** The facility where the patient is (originating site): office 11, outpatient hospital 22, ED 23, nursing facility 32. */
  | 'patient_facility'
  /** Institutional claims (837I) carry no POS. */
  | 'none';

/**
 * Units from minutes: none below `from` minutes past `after`; then one per `per` minutes, the first at `from`.
 * E.g. CMS's 8-minute rule for 15-minute codes is `{ after: 0, per: 15, from: 8 }`.
 */
export interface UnitSpec {
  fact: FactKey;
  after: number;
  per: number;
  from: number;
  max?: number;
}

export type ModSpec = string | { mod: string; when: When };

export interface LineSpec {
  code: CodeSpec;
  modifiers?: readonly ModSpec[];
  pos: PosSpec;
  units?: UnitSpec;
  revenueCode?: string;
  /** A type of bill, or `by_entity` (FQHC 0771, RHC 0711, hospital outpatient 0131, CAH 0851). */
  typeOfBill?: string;
}

export type Effect =
  | { hold: string }
  | { notBillable: string }
  | { warn: string }
  | { line: LineSpec }
  /** Add-ons only: appends a modifier to every line produced so far. */
  | { addModifier: string };

export interface Rule {
  id: string;
  /** Effective dates of service, inclusive ISO dates. */
  from: string;
  to: string;
  /** The document the rule comes from. */
  source: string;
  services: readonly ServiceType[] | 'all';
  when?: When;
  then: Effect;
  /**
   * Whether evaluation goes on after this rule. Warnings always go on; a line stops unless `more`
   * (e.g. RPM: device supply and treatment management are separate lines); hold and not-billable stop.
   */
  more?: boolean;
}

/** A statutory window in which Medicare telehealth flexibilities had lapsed. */
export interface LapseWindow {
  from: string;
  to: string;
  source: string;
  note: string;
}

/** The rules of one payer profile for one calendar year. */
export interface RuleSet {
  year: number;
  profile: PayerProfile;
  lapseWindows: readonly LapseWindow[];
  /** Values of optional flags when the facts leave them out (e.g. no interpreter, no acute stroke). */
  defaults: Partial<Facts>;
  /** Evaluated in order per service; the first terminal rule decides. */
  rules: readonly Rule[];
  /** Evaluated after a service produced lines (interpreter, acute stroke …); they add lines or modifiers. */
  addOns: readonly Rule[];
}
