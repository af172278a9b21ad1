import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { MfaEnrolment } from '../../../shared/contracts';
import { type ApiError, toApiError } from '../../../shared/api-client';
import { ProblemAlert, useSubmit } from '../../../shared/form';
import { authApi } from '../api';
import { useSession } from '../hooks/session-context';
import { mfaPath, returnPath } from '../hooks/return-to';
import { AuthLayout } from './auth-layout';
import { CodeForm } from './code-form';
import { SignOutButton } from './sign-out-button';

/**
 * First sign-in of a staff member: the server issues a TOTP secret (RFC 6238), the user adds it to an
 * authenticator app and proves it with one code.
 */
export function MfaEnrolPage() {
  const { state, applyStage } = useSession();
  const location = useLocation();
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [startError, setStartError] = useState<ApiError | undefined>(undefined);
  const started = useRef(false);
  const { pending, error, run } = useSubmit();
  const shouldStart = state.kind === 'pending' && state.stage === 'mfa_enrol';

  useEffect(() => {
    // One secret per visit: a second POST would replace the secret the user may already have scanned.
    if (!shouldStart || started.current) return;
    started.current = true;
    authApi.startMfaEnrolment().then(setEnrolment, (err: unknown) => setStartError(toApiError(err)));
  }, [shouldStart]);

  if (state.kind === 'loading') return <p className="loading">Loading…</p>;
  if (state.kind === 'anonymous') return <Navigate to="/login" replace />;
  if (state.kind === 'authenticated') return <Navigate to={returnPath(location)} replace />;
  if (state.stage !== 'mfa_enrol')
    return <Navigate to={mfaPath(state.stage)} state={location.state as unknown} replace />;

  const onCode = (code: string) => {
    void run(async () => {
      const result = await authApi.confirmMfaEnrolment(code);
      await applyStage(result.stage, result.csrfToken);
    });
  };

  return (
    <AuthLayout title="Set up two-factor authentication">
      <p>
        Staff accounts need a second factor. Add this account to an authenticator app (for example FreeOTP,
        Aegis or Google Authenticator), then enter the code it shows.
      </p>
      <ProblemAlert error={startError} />
      {enrolment ? (
        <>
          <div className="field">
            <label htmlFor="mfa-secret">Secret key</label>
            <input id="mfa-secret" className="secret" readOnly value={enrolment.secret} spellCheck={false} />
            <p className="field-hint">
              Type or paste this key into your app, or open the link on this device:
            </p>
            <p>
              <a href={enrolment.otpauthUri}>Add to authenticator app</a>
            </p>
          </div>
          <CodeForm submitLabel="Confirm" pending={pending} error={error} onCode={onCode} />
        </>
      ) : startError ? null : (
        <p className="loading">Preparing your secret key…</p>
      )}
      <SignOutButton className="button-link" label="Cancel and sign out" />
    </AuthLayout>
  );
}
