import { useState } from 'react';
import { Link } from 'react-router';
import { Loadable, Notice, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { useSites } from '../../sites/hooks/use-sites';
import { usersApi } from '../api';
import { describeRole } from '../hooks/role-draft';
import { UserCreateForm } from './user-create-form';

/** Everyone with a sign-in in the organization, their roles, MFA and status; and a form to add someone. */
export function UsersPage() {
  const users = useResource((signal) => usersApi.list(signal), 'users');
  const sites = useSites();
  const [created, setCreated] = useState<string | null>(null);

  return (
    <section>
      <PageHeader title="Users and roles" />
      <Loadable {...users}>
        {(items) => (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Users</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Two-factor</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                    </th>
                    <td>{u.email}</td>
                    <td>
                      <ul className="plain-list">
                        {u.roles.map((r, i) => (
                          <li key={`${r.role}-${r.siteId ?? ''}-${i}`}>{describeRole(r, sites.nameOf)}</li>
                        ))}
                      </ul>
                    </td>
                    <td>{u.mfaEnrolled ? 'Enrolled' : 'Not yet'}</td>
                    <td>{u.disabled ? <span className="badge badge-muted">Disabled</span> : 'Active'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loadable>
      <section className="card" aria-labelledby="new-user-heading">
        <h2 id="new-user-heading">New user</h2>
        <Notice>{created ? `User “${created}” created.` : null}</Notice>
        <UserCreateForm
          sites={sites.data ?? []}
          onSubmitting={() => setCreated(null)}
          onCreated={(u) => {
            setCreated(u.name);
            users.reload();
          }}
        />
      </section>
    </section>
  );
}
