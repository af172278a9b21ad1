import type { Patient, PatientCreate, PatientUpdate } from '../../../shared/contracts';
import { clientProblem, type ApiError } from '../../../shared/api-client';
import { isKeyOf, SEX_LABELS } from '../../../shared/labels';

/** The patient form's values (all strings; optional fields empty when not given). */
export interface PatientValues extends Record<string, string> {
  siteId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: string;
  email: string;
  phone: string;
  preferredLanguage: string;
  addressState: string;
}

export const EMPTY_PATIENT: PatientValues = {
  siteId: '',
  mrn: '',
  givenName: '',
  familyName: '',
  birthDate: '',
  sex: 'unknown',
  email: '',
  phone: '',
  preferredLanguage: '',
  addressState: '',
};

/** @returns the form values of a stored patient. */
export function valuesOf(p: Patient): PatientValues {
  return {
    siteId: p.siteId,
    mrn: p.mrn,
    givenName: p.givenName,
    familyName: p.familyName,
    birthDate: p.birthDate.slice(0, 10),
    sex: p.sex,
    email: p.email ?? '',
    phone: p.phone ?? '',
    preferredLanguage: p.preferredLanguage,
    addressState: p.addressState ?? '',
  };
}

/** @returns the create request for the form values, or a problem found before sending. */
export function toCreate(v: PatientValues): PatientCreate | ApiError {
  if (!v.siteId) return clientProblem('Choose a site', 'Every patient is registered at one of your sites.');
  if (!isKeyOf(SEX_LABELS, v.sex)) return clientProblem('Choose the sex recorded for the patient');
  const optional = (s: string) => (s.trim() ? s.trim() : undefined);
  return {
    siteId: v.siteId,
    mrn: v.mrn.trim(),
    givenName: v.givenName.trim(),
    familyName: v.familyName.trim(),
    birthDate: v.birthDate,
    sex: v.sex,
    email: optional(v.email),
    phone: optional(v.phone),
    preferredLanguage: optional(v.preferredLanguage)?.toLowerCase(),
    addressState: optional(v.addressState)?.toUpperCase(),
  };
}

/** @returns only the fields that changed (the API rejects an empty update), or a problem. */
export function toUpdate(before: PatientValues, v: PatientValues): PatientUpdate | ApiError | null {
  const full = toCreate(v);
  if ('problem' in full) return full;
  const { siteId: _siteId, ...rest } = full;
  const previous: Record<string, string> = before;
  const update: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined && value !== previous[key]) update[key] = value;
  }
  return Object.keys(update).length === 0 ? null : update;
}
