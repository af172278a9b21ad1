import { useState, type FormEvent } from 'react';
import type { Site, User } from '../../../shared/contracts';
import { ProblemAlert, TextField, fieldErrors, useFormValues, useSubmit } from '../../../shared/form';
import { usersApi } from '../api';
import { EMPTY_ROLE, fromDraft, type RoleDraft } from '../hooks/role-draft';
import { RoleFields } from './role-fields';

const EMPTY = { name: '', email: '', password: '', patientId: '' };

/**
 * Creates a user with one role assignment (more can be added on the user's page). The password is a
 * temporary one the administrator hands over; staff then enrol MFA at first sign-in.
 */
export function UserCreateForm({
  sites,
  onSubmitting,
  onCreated,
}: {
  sites: Site[];
  onSubmitting: () => void;
  onCreated: (user: User) => void;
}) {
  const { values, set, reset } = useFormValues(EMPTY);
  const [role, setRole] = useState<RoleDraft>(EMPTY_ROLE);
  const { pending, error, run, setError } = useSubmit();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onSubmitting();
    const assignment = fromDraft(role);
    if ('problem' in assignment) {
      setError(assignment);
      return;
    }
    void run(async () => {
      const user = await usersApi.create({
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        roles: [assignment],
        ...(assignment.role === 'patient' && values.patientId.trim()
          ? { patientId: values.patientId.trim() }
          : {}),
      });
      reset();
      setRole(EMPTY_ROLE);
      onCreated(user);
    });
  };

  return (
    <form onSubmit={onSubmit} className="form-grid">
      <ProblemAlert error={error} />
      <TextField
        label="Full name"
        required
        maxLength={200}
        autoComplete="off"
        value={values.name}
        onValue={set('name')}
        errors={fieldErrors(error, 'name')}
      />
      <TextField
        label="Email"
        type="email"
        required
        autoComplete="off"
        value={values.email}
        onValue={set('email')}
        errors={fieldErrors(error, 'email')}
      />
      <TextField
        label="Temporary password"
        type="password"
        required
        minLength={12}
        autoComplete="new-password"
        hint="At least 12 characters. Give it to the person through a safe channel."
        value={values.password}
        onValue={set('password')}
        errors={fieldErrors(error, 'password')}
      />
      <RoleFields
        value={role}
        onChange={setRole}
        sites={sites}
        errors={(f) => fieldErrors(error, `roles.0.${f}`)}
      />
      {role.role === 'patient' ? (
        <TextField
          label="Patient record id"
          hint="The id of the patient record this sign-in belongs to (from the patient's page)."
          value={values.patientId}
          onValue={set('patientId')}
          errors={fieldErrors(error, 'patientId')}
        />
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}
