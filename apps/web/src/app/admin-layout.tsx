import { NavLink, Outlet } from 'react-router';
import { hasRole, useSession } from '../features/auth/hooks/session-context';

const ADMIN_PAGES = [
  { to: '/admin/sites', label: 'Sites' },
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/patients', label: 'Patients' },
  { to: '/admin/audit', label: 'Audit report' },
  { to: '/admin/tokens', label: 'My API tokens' },
] as const;

/** Administration: a second-level navigation above each admin page. */
export function AdminLayout() {
  const { state } = useSession();
  if (!hasRole(state, 'admin')) {
    return (
      <section>
        <h1>Admin</h1>
        <p>Administration needs the admin role. Ask an administrator of your organization.</p>
      </section>
    );
  }
  return (
    <div className="admin">
      <nav aria-label="Admin" className="sub-nav">
        <ul>
          {ADMIN_PAGES.map((p) => (
            <li key={p.to}>
              <NavLink to={p.to}>{p.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
