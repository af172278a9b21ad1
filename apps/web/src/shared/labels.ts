import type { AuditOutcome, Role, Sex, SiteKind } from './contracts';
import type { Option } from './form';

/*
 * Display names for the enumerations in @telehealth/contracts. Each map is typed `Record<Enum, string>` so a
 * value added to the contract fails the type check here until it has a label — and the web bundle does not
 * need to carry the schema library at run time just for these lists.
 */

export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  clinic: 'Clinic',
  hospital: 'Hospital',
  emergency_department: 'Emergency department',
  pharmacy: 'Pharmacy',
  imaging_centre: 'Imaging centre',
};

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  clinician: 'Clinician',
  specialist: 'Specialist',
  nurse: 'Nurse',
  pharmacist: 'Pharmacist',
  pharmacy_technician: 'Pharmacy technician',
  interpreter: 'Interpreter',
  billing: 'Billing',
  patient: 'Patient',
};

export const SEX_LABELS: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
};

export const OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: 'Success',
  denied: 'Denied',
  failure: 'Failure',
};

/** @returns `<option>`s for a label map, in the map's order. */
export function optionsOf<K extends string>(labels: Record<K, string>): Option[] {
  return (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
}

/** @returns whether `value` is one of the keys of `labels` (narrowing a form string to the enum). */
export function isKeyOf<K extends string>(labels: Record<K, string>, value: string): value is K {
  return Object.prototype.hasOwnProperty.call(labels, value);
}

/** Formats an ISO timestamp in the viewer's locale and time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
