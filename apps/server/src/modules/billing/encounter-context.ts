/**
 * What the facts derivation needs to know about a site: where a patient there is (for the place of service)
 * and the site's calendar (a date of service is the site's local date).
 */
import type { PATIENT_LOCATIONS } from '@telehealth/contracts/billing';

type PatientLocation = (typeof PATIENT_LOCATIONS)[number];

export interface SiteContext {
  kind: 'clinic' | 'hospital' | 'emergency_department' | 'pharmacy' | 'imaging_centre';
  timeZone: string;
}

export interface DerivedFacts {
  facts: Record<string, unknown>;
  /** fact name → where it came from, shown to billing staff next to the proposed lines. */
  sources: Record<string, string>;
}

const LOCATION: Record<SiteContext['kind'], PatientLocation> = {
  clinic: 'physician_office',
  hospital: 'hospital_outpatient',
  emergency_department: 'hospital_emergency_department',
  pharmacy: 'other_non_facility',
  imaging_centre: 'other_non_facility',
};

// CMS place-of-service code set: 11 office, 22 on-campus outpatient hospital, 23 emergency room, 01 pharmacy.
const POS: Record<SiteContext['kind'], string> = { clinic: '11', hospital: '22', emergency_department: '23', pharmacy: '01', imaging_centre: '11' };

/** Where a patient seen at a site of this kind is. */
export function locationAt(site: SiteContext): PatientLocation {
  return LOCATION[site.kind];
}

/** The place of service of an in-person service at a site of this kind. */
export function usualPosAt(site: SiteContext): string {
  return POS[site.kind];
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** Copies the attested facts over the derived ones, recording "attested" as their source. */
export function applyAttestation(d: DerivedFacts, attestation: Record<string, unknown>, skip: readonly string[] = ['serviceType']): DerivedFacts {
  for (const [k, v] of Object.entries(attestation)) {
    if (v === undefined || skip.includes(k)) continue;
    d.facts[k] = v;
    d.sources[k] = 'attested';
  }
  return d;
}
