import type { RoleAssignment } from '../../../shared/contracts';
import { clientProblem, type ApiError } from '../../../shared/api-client';
import { splitTags } from '../../../shared/form';
import { isKeyOf, ROLE_LABELS } from '../../../shared/labels';

/** A role assignment as the form holds it: strings, tags as comma-separated text. */
export interface RoleDraft {
  role: string;
  siteId: string;
  specialties: string;
  languages: string;
}

export const EMPTY_ROLE: RoleDraft = { role: 'clinician', siteId: '', specialties: '', languages: '' };

/** @returns the form draft of an assignment. */
export function toDraft(r: RoleAssignment): RoleDraft {
  return {
    role: r.role,
    siteId: r.siteId ?? '',
    specialties: r.specialties.join(', '),
    languages: r.languages.join(', '),
  };
}

/*
 * The server's rules for an assignment: only a specialist has specialties (at least one), only an
 * interpreter has languages (at least one), and the patient role is not tied to a site. The form shows only
 * the fields that apply, and drops what a hidden field may still hold.
 */

/** @returns whether the role takes specialties. */
export const takesSpecialties = (role: string) => role === 'specialist';
/** @returns whether the role takes languages. */
export const takesLanguages = (role: string) => role === 'interpreter';
/** @returns whether the role can be limited to one site. */
export const takesSite = (role: string) => role !== 'patient';

/** @returns the API assignment of a draft, or a problem when the role is unknown. */
export function fromDraft(d: RoleDraft): RoleAssignment | ApiError {
  if (!isKeyOf(ROLE_LABELS, d.role)) return clientProblem('Choose a role');
  return {
    role: d.role,
    siteId: takesSite(d.role) && d.siteId ? d.siteId : null,
    specialties: takesSpecialties(d.role) ? splitTags(d.specialties) : [],
    languages: takesLanguages(d.role) ? splitTags(d.languages) : [],
  };
}

/** One line per assignment, e.g. "Clinician at Valley Clinic (cardiology; en, es)". */
export function describeRole(r: RoleAssignment, siteName: (siteId: string | null) => string): string {
  const where = r.siteId ? ` at ${siteName(r.siteId)}` : '';
  const tags = [r.specialties.join(', '), r.languages.join(', ')].filter(Boolean).join('; ');
  return `${ROLE_LABELS[r.role]}${where}${tags ? ` (${tags})` : ''}`;
}
