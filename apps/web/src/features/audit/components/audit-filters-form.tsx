import type { FormEvent } from 'react';
import type { User } from '../../../shared/contracts';
import { SelectField, TextField, useFormValues } from '../../../shared/form';
import { optionsOf, OUTCOME_LABELS } from '../../../shared/labels';
import { NO_FILTERS, type AuditFilterValues } from '../hooks/audit-filters';

interface AuditFiltersFormProps {
  users: User[];
  /** Action names seen so far, offered as suggestions. */
  knownActions: string[];
  onApply: (values: AuditFilterValues) => void;
}

/** Filters of the audit report: who, which patient, what, outcome, and when. */
export function AuditFiltersForm({ users, knownActions, onApply }: AuditFiltersFormProps) {
  const { values, set, reset } = useFormValues(NO_FILTERS);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    onApply(values);
  };
  const clear = () => {
    reset(NO_FILTERS);
    onApply(NO_FILTERS);
  };
  const prefixes = [...new Set(knownActions.map((a) => `${a.split('.')[0] ?? a}.*`))];
  return (
    <form onSubmit={onSubmit} className="filters form-grid" aria-label="Audit filters">
      <SelectField
        label="User"
        value={values.userId}
        onValue={set('userId')}
        options={[
          { value: '', label: 'Anyone' },
          ...users.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
        ]}
      />
      <TextField
        label="Patient id"
        hint="The record id from the patient’s page."
        autoComplete="off"
        spellCheck={false}
        value={values.patientId}
        onValue={set('patientId')}
      />
      <TextField
        label="Action"
        hint="For example patient.create, or auth.* for every sign-in event."
        list="audit-actions"
        autoComplete="off"
        value={values.action}
        onValue={set('action')}
      />
      <datalist id="audit-actions">
        {[...knownActions, ...prefixes].sort().map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <SelectField
        label="Outcome"
        value={values.outcome}
        onValue={set('outcome')}
        options={[{ value: '', label: 'Any outcome' }, ...optionsOf(OUTCOME_LABELS)]}
      />
      <TextField label="From" type="datetime-local" value={values.from} onValue={set('from')} />
      <TextField label="To" type="datetime-local" value={values.to} onValue={set('to')} />
      <div className="form-actions">
        <button type="submit" className="button-primary">
          Apply filters
        </button>
        <button type="button" className="button-secondary" onClick={clear}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
