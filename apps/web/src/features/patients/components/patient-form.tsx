import type { FormEvent } from 'react';
import type { Site } from '../../../shared/contracts';
import { type ApiError } from '../../../shared/api-client';
import {
  ProblemAlert,
  SelectField,
  TextField,
  fieldErrors,
  useFormValues,
  useSubmit,
} from '../../../shared/form';
import { optionsOf, SEX_LABELS } from '../../../shared/labels';
import type { PatientValues } from '../hooks/patient-values';

interface PatientFormProps {
  initial: PatientValues;
  /** Sites to pick from; `null` hides the site picker (a patient's site is fixed after registration). */
  sites: Site[] | null;
  submitLabel: string;
  /** Saves; return a problem to show it without sending, or throw an API error. */
  onSave: (values: PatientValues) => Promise<ApiError | void>;
}

/** Demographics of a patient. */
export function PatientForm({ initial, sites, submitLabel, onSave }: PatientFormProps) {
  const { values, set } = useFormValues(initial);
  const { pending, error, run } = useSubmit();
  const errs = (field: string) => fieldErrors(error, field);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const problem = await onSave(values);
      if (problem) throw problem;
    });
  };

  return (
    <form onSubmit={onSubmit} className="form-grid">
      <ProblemAlert error={error} />
      {sites ? (
        <SelectField
          label="Site"
          required
          value={values.siteId}
          onValue={set('siteId')}
          options={[
            { value: '', label: 'Choose a site…' },
            ...sites.map((s) => ({ value: s.id, label: s.name })),
          ]}
          errors={errs('siteId')}
        />
      ) : null}
      <TextField
        label="MRN"
        hint="Medical record number, unique in the organization."
        required
        maxLength={64}
        pattern="[A-Za-z0-9\-]+"
        autoComplete="off"
        value={values.mrn}
        onValue={set('mrn')}
        errors={errs('mrn')}
      />
      <TextField
        label="Given name"
        required
        maxLength={200}
        autoComplete="off"
        value={values.givenName}
        onValue={set('givenName')}
        errors={errs('givenName')}
      />
      <TextField
        label="Family name"
        required
        maxLength={200}
        autoComplete="off"
        value={values.familyName}
        onValue={set('familyName')}
        errors={errs('familyName')}
      />
      <TextField
        label="Date of birth"
        type="date"
        required
        value={values.birthDate}
        onValue={set('birthDate')}
        errors={errs('birthDate')}
      />
      <SelectField
        label="Sex"
        value={values.sex}
        onValue={set('sex')}
        options={optionsOf(SEX_LABELS)}
        errors={errs('sex')}
      />
      <TextField
        label="Patient email"
        type="email"
        autoComplete="off"
        value={values.email}
        onValue={set('email')}
        errors={errs('email')}
      />
      <TextField
        label="Phone"
        type="tel"
        autoComplete="off"
        value={values.phone}
        onValue={set('phone')}
        errors={errs('phone')}
      />
      <TextField
        label="Preferred language"
        hint="Language tag, for example en or es."
        maxLength={64}
        value={values.preferredLanguage}
        onValue={set('preferredLanguage')}
        errors={errs('preferredLanguage')}
      />
      <TextField
        label="State of residence"
        hint="Two-letter code, for example MT."
        maxLength={2}
        pattern="[A-Za-z]{2}"
        value={values.addressState}
        onValue={(v) => set('addressState')(v.toUpperCase())}
        errors={errs('addressState')}
      />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
