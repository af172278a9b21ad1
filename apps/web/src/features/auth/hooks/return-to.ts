import type { Location } from 'react-router';

/** Router state carried through sign-in so the user lands where they were headed. */
export interface ReturnState {
  from?: string;
}

/** @returns the in-app path to go to after sign-in (only ever a local path; ids, never PHI). */
export function returnPath(location: Location): string {
  const state = location.state as ReturnState | null;
  const from = state?.from;
  return typeof from === 'string' &&
    from.startsWith('/') &&
    !from.startsWith('//') &&
    !from.startsWith('/login')
    ? from
    : '/';
}

/** @returns the path of the page for a session stage that is not yet authenticated. */
export function mfaPath(stage: 'mfa_enrol' | 'mfa_challenge'): string {
  return stage === 'mfa_enrol' ? '/login/mfa/enrol' : '/login/mfa';
}
