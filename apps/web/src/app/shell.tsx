import { NavLink, Outlet } from 'react-router';
import { SignOutButton } from '../features/auth/components/sign-out-button';
import { hasRole, useSession } from '../features/auth/hooks/session-context';
import { NotificationsBadge } from '../features/notifications/components/notifications-badge';

const SECTIONS = [
  { to: '/visits', label: 'Visits' },
  { to: '/cases', label: 'Cases' },
  { to: '/imaging', label: 'Imaging' },
  { to: '/pharmacy', label: 'Pharmacy' },
  { to: '/billing', label: 'Billing' },
] as const;

/** The signed-in frame: header with the organization, main navigation, the user and sign-out. */
export function Shell() {
  const { state } = useSession();
  if (state.kind !== 'authenticated') return null;
  const { user, organization } = state.session;
  const isAdmin = hasRole(state, 'admin');
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="shell-header">
        <div className="shell-brand">
          <NavLink to="/" className="brand-link">
            Telehealth
          </NavLink>
          <span className="org-name">{organization.name}</span>
        </div>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.to}>
                <NavLink to={s.to}>{s.label}</NavLink>
              </li>
            ))}
            <li>
              {isAdmin ? (
                <NavLink to="/admin">Admin</NavLink>
              ) : (
                <NavLink to="/account/tokens">My API tokens</NavLink>
              )}
            </li>
          </ul>
        </nav>
        <div className="shell-user">
          {user.roles.some((r) => r.role !== 'patient') ? <NotificationsBadge /> : null}
          <span className="user-name">{user.name}</span>
          <SignOutButton className="button-secondary" />
        </div>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
