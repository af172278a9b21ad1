import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import type { User } from '../../../shared/contracts';
import { ProblemAlert, TextField, fieldErrors, useSubmit } from '../../../shared/form';
import { formatDateTime } from '../../../shared/labels';
import { Loadable, Notice, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { useSites } from '../../sites/hooks/use-sites';
import { usersApi } from '../api';
import { RoleEditor } from './role-editor';

/** One user: name, enable/disable, MFA state and role assignments. */
export function UserDetailPage() {
  const { userId = '' } = useParams();
  const user = useResource((signal) => usersApi.get(userId, signal), userId);
  const sites = useSites();

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/admin/users">All users</Link>
      </p>
      <PageHeader title={user.data ? `User: ${user.data.name}` : 'User'} />
      <Loadable {...user}>
        {(u) => (
          <>
            <AccountCard key={u.id} user={u} onSaved={user.reload} />
            <section className="card" aria-labelledby="roles-heading">
              <h2 id="roles-heading">Roles</h2>
              {sites.data ? (
                <RoleEditor key={u.id} user={u} sites={sites.data} onSaved={user.reload} />
              ) : null}
            </section>
          </>
        )}
      </Loadable>
    </section>
  );
}

function AccountCard({ user, onSaved }: { user: User; onSaved: () => void }) {
  const [name, setName] = useState(user.name);
  const [notice, setNotice] = useState<string | null>(null);
  const { pending, error, run } = useSubmit();

  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await usersApi.update(user.id, { name: name.trim() });
      setNotice('Name saved.');
      onSaved();
    });
  };
  const toggle = () => {
    void run(async () => {
      await usersApi.update(user.id, { disabled: !user.disabled });
      setNotice(user.disabled ? 'User enabled.' : 'User disabled: they can no longer sign in.');
      onSaved();
    });
  };

  return (
    <section className="card" aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      <ProblemAlert error={error} />
      <Notice>{notice}</Notice>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Two-factor</dt>
        <dd>{user.mfaEnrolled ? 'Enrolled' : 'Not enrolled yet (asked at next sign-in)'}</dd>
        <dt>Status</dt>
        <dd>{user.disabled ? 'Disabled' : 'Active'}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(user.createdAt)}</dd>
      </dl>
      <form onSubmit={save} className="form-inline">
        <TextField
          label="Full name"
          required
          maxLength={200}
          value={name}
          onValue={setName}
          errors={fieldErrors(error, 'name')}
        />
        <button type="submit" className="button-primary" disabled={pending}>
          Save name
        </button>
      </form>
      <button
        type="button"
        className={user.disabled ? 'button-secondary' : 'button-danger'}
        onClick={toggle}
        disabled={pending}
      >
        {user.disabled ? 'Enable user' : 'Disable user'}
      </button>
    </section>
  );
}
