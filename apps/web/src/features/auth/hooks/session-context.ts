import { createContext, useContext } from 'react';
import type { CurrentSession, Role, SessionStage } from '../../../shared/contracts';

/** Where the browser's session stands, as far as the app knows. */
export type SessionState =
  | { kind: 'loading' }
  | { kind: 'anonymous' }
  | { kind: 'pending'; stage: Exclude<SessionStage, 'authenticated'> }
  | { kind: 'authenticated'; session: CurrentSession };

export interface SessionApi {
  state: SessionState;
  /** Applies a stage from a sign-in or MFA answer (and loads the session once authenticated). */
  applyStage: (stage: SessionStage, csrfToken?: string) => Promise<void>;
  /** Asks the server where the session stands. */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

export const SessionContext = createContext<SessionApi | null>(null);

/** @returns the session state and actions; throws outside `<SessionProvider>`. */
export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() needs a <SessionProvider> above it');
  return value;
}

/** @returns whether the signed-in user holds `role` (at any site). */
export function hasRole(state: SessionState, role: Role): boolean {
  return state.kind === 'authenticated' && state.session.user.roles.some((r) => r.role === role);
}
