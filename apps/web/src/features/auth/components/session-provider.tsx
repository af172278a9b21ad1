import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionStage } from '../../../shared/contracts';
import { ApiError, onUnauthorized, setCsrfToken } from '../../../shared/api-client';
import { authApi } from '../api';
import { SessionContext, type SessionApi, type SessionState } from '../hooks/session-context';

/**
 * Holds the session state for the whole app. The session itself is an httpOnly cookie; the app only keeps
 * the CSRF token (in memory) and the signed-in user's name and roles. Any API call that answers 401 marks
 * the session anonymous, which sends the user back to sign-in.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const session = await authApi.session();
      setCsrfToken(session.csrfToken);
      setState(
        session.stage === 'authenticated'
          ? { kind: 'authenticated', session }
          : { kind: 'pending', stage: session.stage },
      );
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setCsrfToken(null);
        setState({ kind: 'anonymous' });
        return;
      }
      throw err;
    }
  }, []);

  const applyStage = useCallback(
    async (stage: SessionStage, csrfToken?: string) => {
      if (csrfToken) setCsrfToken(csrfToken);
      if (stage === 'authenticated') {
        await refresh();
      } else {
        setState({ kind: 'pending', stage });
      }
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken(null);
      setState({ kind: 'anonymous' });
    }
  }, []);

  useEffect(() => {
    onUnauthorized(() => setState({ kind: 'anonymous' }));
    refresh().catch(() => setState({ kind: 'anonymous' }));
    return () => onUnauthorized(null);
  }, [refresh]);

  const value = useMemo<SessionApi>(
    () => ({ state, applyStage, refresh, signOut }),
    [state, applyStage, refresh, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
