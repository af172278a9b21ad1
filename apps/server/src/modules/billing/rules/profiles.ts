/**
 * How a profile's rule set is assembled from the service blocks. The year files (rules/<year>/*.ts) choose
 * the blocks and the year-specific parts (lapse windows, RPM codes).
 */
import type { PayerProfile } from '@telehealth/contracts/billing';
import type { LapseWindow, Rule, RuleSet } from '../rule-types.js';
import { interprofessional, onlineDigital, storeAndForward, virtualCheckIn, type CommStyle } from './communication.js';
import { commercialAddOns, commercialNotApplicable, commercialSynchronous, pharmacistCounselling, type SyncStyle } from './commercial.js';
import {
  lapseHolds, medicareAddOns, medicareBehavioral, medicareClinics, medicareEm, medicarePharmacist, medicareTherapy, originatingSiteFee,
} from './medicare-telehealth.js';
import { DEFAULTS, type Period, year } from './period.js';
import { SRC } from './sources.js';

const communication = (p: Period, style: CommStyle): Rule[] => [
  ...virtualCheckIn(p, style),
  ...storeAndForward(p, style),
  ...onlineDigital(p, style),
  ...interprofessional(p, style),
];

/** Traditional Medicare for one calendar year. */
export function medicareRuleSet(y: number, lapseWindows: readonly LapseWindow[], rpm: (p: Period) => Rule[]): RuleSet {
  const p = year(y);
  return {
    year: y,
    profile: 'medicare_ffs',
    lapseWindows,
    defaults: DEFAULTS,
    rules: [
      ...lapseHolds(p), ...medicareEm(p), ...medicareBehavioral(p), ...medicareTherapy(p), ...medicareClinics(p),
      ...originatingSiteFee(p, 'mcr', true), ...medicarePharmacist(p), ...communication(p, 'medicare'), ...rpm(p),
    ],
    addOns: medicareAddOns(p),
  };
}

export interface CommercialShape {
  profile: Exclude<PayerProfile, 'medicare_ffs'>;
  sync: SyncStyle;
  communication: CommStyle;
  pharmacists: boolean;
}

/** A commercial plan for one calendar year. */
export function commercialRuleSet(y: number, shape: CommercialShape, rpm: (p: Period) => Rule[]): RuleSet {
  const p = year(y);
  const q3014Note: Rule = {
    id: 'commercial.q3014.coverage', ...p, source: SRC.commercialContract, services: ['originating_site_facility_fee'],
    then: { warn: 'commercial coverage of the originating-site fee (Q3014) depends on the contract' },
  };
  return {
    year: y,
    profile: shape.profile,
    lapseWindows: [],
    defaults: DEFAULTS,
    rules: [
      ...commercialSynchronous(p, shape.sync), ...communication(p, shape.communication), ...rpm(p),
      q3014Note, ...originatingSiteFee(p, 'commercial', false),
      ...(shape.pharmacists ? pharmacistCounselling(p) : []), ...commercialNotApplicable(p, shape.pharmacists),
    ],
    addOns: commercialAddOns(p),
  };
}

/** The four commercial profiles. */
export const COMMERCIAL_SHAPES: readonly CommercialShape[] = [
  { profile: 'commercial_cpt2025', sync: 'cpt', communication: 'cpt', pharmacists: false },
  { profile: 'commercial_legacy_em', sync: 'legacy', communication: 'legacy', pharmacists: false },
  { profile: 'commercial_inperson_pos_95', sync: 'inperson', communication: 'legacy', pharmacists: false },
  { profile: 'commercial_pharmacist_recognized', sync: 'cpt', communication: 'cpt', pharmacists: true },
];
