import { Navigate, useLocation } from 'react-router';
import { useSubmit } from '../../../shared/form';
import { authApi } from '../api';
import { useSession } from '../hooks/session-context';
import { mfaPath, returnPath } from '../hooks/return-to';
import { AuthLayout } from './auth-layout';
import { CodeForm } from './code-form';
import { SignOutButton } from './sign-out-button';

/** Every later sign-in of an enrolled staff member asks for the current one-time code. */
export function MfaChallengePage() {
  const { state, applyStage } = useSession();
  const location = useLocation();
  const { pending, error, run } = useSubmit();

  if (state.kind === 'loading') return <p className="loading">Loading…</p>;
  if (state.kind === 'anonymous') return <Navigate to="/login" replace />;
  if (state.kind === 'authenticated') return <Navigate to={returnPath(location)} replace />;
  if (state.stage !== 'mfa_challenge')
    return <Navigate to={mfaPath(state.stage)} state={location.state as unknown} replace />;

  const onCode = (code: string) => {
    void run(async () => {
      const result = await authApi.verifyMfa(code);
      await applyStage(result.stage, result.csrfToken);
    });
  };

  return (
    <AuthLayout title="Enter your one-time code">
      <p>Open your authenticator app and enter the code it shows for this account.</p>
      <CodeForm submitLabel="Verify" pending={pending} error={error} onCode={onCode} />
      <SignOutButton className="button-link" label="Cancel and sign out" />
    </AuthLayout>
  );
}
