import { useState, type FormEvent } from 'react';
import type { RoleAssignment, Site, User } from '../../../shared/contracts';
import { ProblemAlert, fieldErrors, useSubmit } from '../../../shared/form';
import { Notice } from '../../../shared/ui';
import { usersApi } from '../api';
import { EMPTY_ROLE, fromDraft, toDraft, type RoleDraft } from '../hooks/role-draft';
import { RoleFields } from './role-fields';

/** Replaces a user's role assignments as a whole (`PUT /users/:userId/roles`). */
export function RoleEditor({
  user,
  sites,
  onSaved,
}: {
  user: User;
  sites: Site[];
  onSaved: (u: User) => void;
}) {
  const [drafts, setDrafts] = useState<RoleDraft[]>(() => user.roles.map(toDraft));
  const [saved, setSaved] = useState(false);
  const { pending, error, run, setError } = useSubmit();

  const update = (index: number, next: RoleDraft) =>
    setDrafts((d) => d.map((x, i) => (i === index ? next : x)));
  const remove = (index: number) => setDrafts((d) => d.filter((_, i) => i !== index));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const roles: RoleAssignment[] = [];
    for (const d of drafts) {
      const r = fromDraft(d);
      if ('problem' in r) {
        setError(r);
        return;
      }
      roles.push(r);
    }
    void run(async () => {
      const updated = await usersApi.replaceRoles(user.id, roles);
      setDrafts(updated.roles.map(toDraft));
      setSaved(true);
      onSaved(updated);
    });
  };

  return (
    <form onSubmit={onSubmit}>
      <ProblemAlert error={error} />
      <Notice>{saved ? 'Roles saved.' : null}</Notice>
      {drafts.length === 0 ? <p>No roles. A user needs at least one.</p> : null}
      {drafts.map((d, i) => (
        <fieldset key={i} className="form-grid role-fieldset">
          <legend>Role assignment {i + 1}</legend>
          <RoleFields
            value={d}
            onChange={(next) => update(i, next)}
            sites={sites}
            errors={(f) => fieldErrors(error, `roles.${i}.${f}`)}
          />
          <div className="form-actions">
            <button
              type="button"
              className="button-secondary"
              onClick={() => remove(i)}
              aria-label={`Remove role assignment ${i + 1}`}
            >
              Remove
            </button>
          </div>
        </fieldset>
      ))}
      <div className="form-actions">
        <button
          type="button"
          className="button-secondary"
          onClick={() => setDrafts((d) => [...d, EMPTY_ROLE])}
        >
          Add role assignment
        </button>
        <button type="submit" className="button-primary" disabled={pending || drafts.length === 0}>
          {pending ? 'Saving…' : 'Save roles'}
        </button>
      </div>
    </form>
  );
}
