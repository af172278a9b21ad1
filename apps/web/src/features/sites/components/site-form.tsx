import { useMemo, type FormEvent } from 'react';
import type { SiteCreate } from '../../../shared/contracts';
import { clientProblem, type ApiError } from '../../../shared/api-client';
import {
  ProblemAlert,
  SelectField,
  TextField,
  fieldErrors,
  useFormValues,
  useSubmit,
} from '../../../shared/form';
import { SITE_KIND_LABELS, isKeyOf, optionsOf } from '../../../shared/labels';

export interface SiteFormValues extends Record<string, string> {
  name: string;
  kind: string;
  timeZone: string;
  state: string;
}

/** @returns empty site form values, with the browser's time zone as a sensible default. */
export function emptySiteValues(): SiteFormValues {
  return { name: '', kind: 'clinic', timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, state: '' };
}

function timeZones(): string[] {
  return typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
}

interface SiteFormProps {
  initial: SiteFormValues;
  submitLabel: string;
  /** Saves the site; reject to show the problem. Return `true` to clear the form afterwards. */
  onSave: (site: SiteCreate) => Promise<boolean>;
}

/** Create or edit a site: name, kind, IANA time zone and US state. */
export function SiteForm({ initial, submitLabel, onSave }: SiteFormProps) {
  const { values, set, reset } = useFormValues(initial);
  const { pending, error, run, setError } = useSubmit();
  const zones = useMemo(timeZones, []);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const site = toSite(values);
    if ('problem' in site) {
      setError(site);
      return;
    }
    void run(async () => {
      if (await onSave(site)) reset(emptySiteValues());
    });
  };

  return (
    <form onSubmit={onSubmit} className="form-grid">
      <ProblemAlert error={error} />
      <TextField
        label="Site name"
        required
        maxLength={200}
        value={values.name}
        onValue={set('name')}
        errors={fieldErrors(error, 'name')}
      />
      <SelectField
        label="Kind of site"
        value={values.kind}
        onValue={set('kind')}
        options={optionsOf(SITE_KIND_LABELS)}
        errors={fieldErrors(error, 'kind')}
      />
      <TextField
        label="Time zone"
        hint="IANA name, for example America/Denver."
        required
        list="time-zones"
        value={values.timeZone}
        onValue={set('timeZone')}
        errors={fieldErrors(error, 'timeZone')}
      />
      <datalist id="time-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <TextField
        label="State"
        hint="Two-letter code, for example MT."
        required
        minLength={2}
        maxLength={2}
        pattern="[A-Za-z]{2}"
        autoCapitalize="characters"
        value={values.state}
        onValue={(v) => set('state')(v.toUpperCase())}
        errors={fieldErrors(error, 'state')}
      />
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={pending}>
          {pending ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

function toSite(values: SiteFormValues): SiteCreate | ApiError {
  if (!isKeyOf(SITE_KIND_LABELS, values.kind)) return clientProblem('Choose a kind of site');
  return {
    name: values.name.trim(),
    kind: values.kind,
    timeZone: values.timeZone.trim(),
    state: values.state.trim(),
  };
}
