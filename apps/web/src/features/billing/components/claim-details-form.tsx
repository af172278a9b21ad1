import { ProblemAlert, SelectField, TextField, useFormValues, useSubmit } from '../../../shared/form';
import { billingApi, type BillingEncounter, type ClaimDetails } from '../api';
import { AddressFields, addressOf } from './address-fields';

/** Coverage and diagnoses: the platform records neither, and a claim needs both. */
export function ClaimDetailsForm({ encounter, onSaved }: { encounter: BillingEncounter; onSaved: () => void }) {
  const d = encounter.claimDetails;
  const { values: v, set } = useFormValues({
    filingIndicator: String(d?.filingIndicator ?? 'MB'), memberId: d?.memberId ?? '', payerName: d?.payerName ?? '', payerId: d?.payerId ?? '',
    line1: d?.address.line1 ?? '', city: d?.address.city ?? '', state: d?.address.state ?? '', postalCode: d?.address.postalCode ?? '', diagnoses: d?.diagnoses.join(', ') ?? '',
  });
  const submit = useSubmit();
  const save = () => void submit.run(async () => {
    const body: ClaimDetails = {
      filingIndicator: v.filingIndicator as ClaimDetails['filingIndicator'], memberId: v.memberId.trim(), payerName: v.payerName.trim(), payerId: v.payerId.trim(),
      address: addressOf(v),
      diagnoses: v.diagnoses.split(',').map((x) => x.trim().toUpperCase().replace('.', '')).filter(Boolean),
    };
    await billingApi.claimDetails(encounter.id, body);
    onSaved();
  });
  return (
    <form onSubmit={(ev) => { ev.preventDefault(); save(); }} aria-label="Claim details">
      <h3>Claim details {d ? '(recorded)' : '(missing)'}</h3>
      <ProblemAlert error={submit.error} />
      <SelectField label="Filing indicator" value={v.filingIndicator} onValue={set('filingIndicator')} options={[{ value: 'MB', label: 'Medicare Part B' }, { value: 'MC', label: 'Medicaid' }, { value: 'CI', label: 'Commercial' }]} />
      <TextField label="Member id" value={v.memberId} onValue={set('memberId')} />
      <TextField label="Payer name" value={v.payerName} onValue={set('payerName')} />
      <TextField label="Payer id" value={v.payerId} onValue={set('payerId')} />
      <AddressFields whose="Subscriber" values={v} set={set} />
      <TextField label="Diagnoses (ICD-10-CM)" value={v.diagnoses} onValue={set('diagnoses')} />
      <button type="submit" disabled={submit.pending}>Save claim details</button>
    </form>
  );
}
