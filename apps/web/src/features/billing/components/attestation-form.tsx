import { useState } from 'react';
import { ProblemAlert, SelectField, useSubmit } from '../../../shared/form';
import { billingApi, type Attestation, type BillingEncounter } from '../api';

const opts = (values: readonly string[]) => [{ value: '', label: '—' }, ...values.map((v) => ({ value: v, label: v.replace(/_/g, ' ') }))];
const FIELDS = {
  payerProfile: opts(['medicare_ffs', 'commercial_cpt2025', 'commercial_legacy_em', 'commercial_inperson_pos_95', 'commercial_pharmacist_recognized']),
  patientStatus: opts(['new', 'established']),
  mdmLevel: opts(['straightforward', 'low', 'moderate', 'high']),
  providerType: opts(['physician', 'nurse_practitioner', 'physician_assistant', 'clinical_psychologist', 'LCSW', 'pharmacist', 'occupational_therapist', 'physical_therapist']),
} as const;
type Field = keyof typeof FIELDS;
const LABELS: Record<Field, string> = { payerProfile: 'Payer profile', patientStatus: 'Patient status', mdmLevel: 'Medical decision making', providerType: 'Provider type' };

/** What the platform cannot know: the short attestation form. */
export function AttestationForm({ encounter, onSaved }: { encounter: BillingEncounter; onSaved: () => void }) {
  const a = encounter.attestation as Record<string, string | undefined>;
  const [values, setValues] = useState<Record<Field, string>>({ payerProfile: a.payerProfile ?? '', patientStatus: a.patientStatus ?? '', mdmLevel: a.mdmLevel ?? '', providerType: a.providerType ?? '' });
  const submit = useSubmit();
  const save = () => void submit.run(async () => {
    const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '')) as Attestation;
    await billingApi.attest(encounter.id, body);
    onSaved();
  });
  return (
    <form onSubmit={(ev) => { ev.preventDefault(); save(); }} aria-label="Attestation">
      <h3>Attestation</h3>
      <ProblemAlert error={submit.error} />
      {(Object.keys(FIELDS) as Field[]).map((f) => (
        <SelectField key={f} label={LABELS[f]} value={values[f]} onValue={(v) => setValues((s) => ({ ...s, [f]: v }))} options={FIELDS[f]} />
      ))}
      <button type="submit" disabled={submit.pending}>Save attestation</button>
    </form>
  );
}
