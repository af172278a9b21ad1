import { Link } from 'react-router';
import { hasRole, useSession } from '../features/auth/hooks/session-context';

/** The landing page after sign-in. */
export function HomePage() {
  const { state } = useSession();
  if (state.kind !== 'authenticated') return null;
  const { user, organization } = state.session;
  return (
    <section>
      <title>Home · Telehealth</title>
      <h1>Welcome, {user.name}</h1>
      <p>
        You are signed in to <strong>{organization.name}</strong> as{' '}
        {user.roles.map((r) => r.role.replace(/_/g, ' ')).join(', ') || 'a user without roles'}.
      </p>
      {hasRole(state, 'admin') ? (
        <ul className="link-list">
          <li>
            <Link to="/admin/sites">Manage sites</Link>
          </li>
          <li>
            <Link to="/admin/users">Manage users and roles</Link>
          </li>
          <li>
            <Link to="/admin/patients">Patients</Link>
          </li>
          <li>
            <Link to="/admin/audit">Audit report</Link>
          </li>
        </ul>
      ) : null}
    </section>
  );
}
