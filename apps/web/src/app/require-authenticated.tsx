import { Navigate, Outlet, useLocation } from 'react-router';
import { useSession } from '../features/auth/hooks/session-context';
import { mfaPath, type ReturnState } from '../features/auth/hooks/return-to';

/** Lets only a fully authenticated session through; everyone else goes to sign-in (or the MFA step). */
export function RequireAuthenticated() {
  const { state } = useSession();
  const location = useLocation();
  const from: ReturnState = { from: location.pathname + location.search };
  switch (state.kind) {
    case 'loading':
      return (
        <p className="loading" role="status">
          Loading…
        </p>
      );
    case 'anonymous':
      return <Navigate to="/login" state={from} replace />;
    case 'pending':
      return <Navigate to={mfaPath(state.stage)} state={from} replace />;
    case 'authenticated':
      return <Outlet />;
  }
}
