import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { clientProblem } from '../../../shared/api-client';
import { ProblemAlert, TextField, fieldErrors, useFormValues, useSubmit } from '../../../shared/form';
import { setupApi } from '../api';
import { AuthLayout } from '../../auth/components/auth-layout';

/** Reads `#token=…` from the one-time setup link the server printed. */
function tokenFromHash(): string {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  return params.get('token') ?? '';
}

/**
 * First run: creates the organization and its first administrator. The setup token arrives in the URL
 * fragment (never sent to the server in a request line or logged); it is removed from the address bar at
 * once so it does not stay in history.
 */
export function SetupPage() {
  const navigate = useNavigate();
  const [hashToken, setHashToken] = useState(tokenFromHash);
  const [needed, setNeeded] = useState<boolean | null>(null);
  const { values, set } = useFormValues({
    token: hashToken,
    organizationName: '',
    adminName: '',
    adminEmail: '',
    password: '',
    confirm: '',
  });
  const { pending, error, run, setError } = useSubmit();

  useEffect(() => {
    // Also on `hashchange`: pasting the link into a tab already showing /setup changes only the fragment.
    const takeToken = () => {
      const token = tokenFromHash();
      if (token) {
        setHashToken(token);
        set('token')(token);
      }
      if (window.location.hash) {
        window.history.replaceState(
          window.history.state,
          '',
          window.location.pathname + window.location.search,
        );
      }
    };
    takeToken();
    window.addEventListener('hashchange', takeToken);
    const controller = new AbortController();
    setupApi.status(controller.signal).then(
      (s) => setNeeded(s.needed),
      () => setNeeded(true),
    );
    return () => {
      window.removeEventListener('hashchange', takeToken);
      controller.abort();
    };
  }, [set]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (values.password !== values.confirm) {
      setError(clientProblem('The two passwords differ', 'Type the same password in both fields.'));
      return;
    }
    void run(async () => {
      await setupApi.complete({
        token: values.token.trim(),
        organizationName: values.organizationName.trim(),
        adminName: values.adminName.trim(),
        adminEmail: values.adminEmail.trim(),
        password: values.password,
      });
      await navigate('/login', { replace: true, state: { setupDone: true } });
    });
  };

  if (needed === false) {
    return (
      <AuthLayout title="Already set up">
        <p>This platform already has an organization. Sign in instead.</p>
        <p>
          <Link to="/login">Go to sign-in</Link>
        </p>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Set up your organization">
      <p>Create the organization and its first administrator. You will set up two-factor sign-in next.</p>
      <form onSubmit={onSubmit}>
        <ProblemAlert error={error} />
        {hashToken ? null : (
          <TextField
            label="Setup token"
            hint="The token at the end of the setup link the server printed (after #token=)."
            required
            autoComplete="off"
            value={values.token}
            onValue={set('token')}
            errors={fieldErrors(error, 'token')}
          />
        )}
        <TextField
          label="Organization name"
          required
          maxLength={200}
          value={values.organizationName}
          onValue={set('organizationName')}
          errors={fieldErrors(error, 'organizationName')}
        />
        <TextField
          label="Your name"
          required
          autoComplete="name"
          maxLength={200}
          value={values.adminName}
          onValue={set('adminName')}
          errors={fieldErrors(error, 'adminName')}
        />
        <TextField
          label="Email"
          type="email"
          required
          autoComplete="username"
          value={values.adminEmail}
          onValue={set('adminEmail')}
          errors={fieldErrors(error, 'adminEmail')}
        />
        <TextField
          label="Password"
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          hint="At least 12 characters."
          value={values.password}
          onValue={set('password')}
          errors={fieldErrors(error, 'password')}
        />
        <TextField
          label="Repeat password"
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          value={values.confirm}
          onValue={set('confirm')}
        />
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create organization'}
        </button>
      </form>
    </AuthLayout>
  );
}
