import { useEffect, useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { ProblemAlert, TextField, useFormValues, useSubmit } from '../../../shared/form';
import { setupApi } from '../../setup/api';
import { authApi } from '../api';
import { useSession } from '../hooks/session-context';
import { mfaPath, returnPath } from '../hooks/return-to';
import { AuthLayout } from './auth-layout';

/** Email + password; the answer's stage decides the next step (MFA enrolment, MFA challenge, or the app). */
export function LoginPage() {
  const { state, applyStage } = useSession();
  const location = useLocation();
  const { values, set } = useFormValues({ email: '', password: '' });
  const { pending, error, run } = useSubmit();
  const [setupNeeded, setSetupNeeded] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setupApi
      .status(controller.signal)
      .then((s) => setSetupNeeded(s.needed))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  if (state.kind === 'authenticated') return <Navigate to={returnPath(location)} replace />;
  if (state.kind === 'pending')
    return <Navigate to={mfaPath(state.stage)} state={location.state as unknown} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const result = await authApi.login({ email: values.email.trim(), password: values.password });
      await applyStage(result.stage, result.csrfToken);
    });
  };

  return (
    <AuthLayout title="Sign in">
      {setupNeeded ? (
        <div className="alert alert-info" role="status">
          <p>
            This platform has not been set up yet. Open the one-time setup link the server printed when it
            started, or go to <Link to="/setup">setup</Link> and paste the token.
          </p>
        </div>
      ) : null}
      <form onSubmit={onSubmit} noValidate={false}>
        <ProblemAlert error={error} />
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={values.email}
          onValue={set('email')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={values.password}
          onValue={set('password')}
        />
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
