import { useState } from 'react';
import { ProblemAlert, SelectField, TextField, useFormValues, useSubmit } from '../../../shared/form';
import { Notice } from '../../../shared/ui';
import { billingApi, type EncounterExport } from '../api';
import { AddressFields, addressOf } from './address-fields';

const FORMATS = [{ value: '837p', label: 'X12 837P' }, { value: 'fhir-claim', label: 'FHIR Claim bundle' }, { value: 'csv', label: 'CSV' }];
const INITIAL = {
  format: '837p', senderId: '', senderName: '', contactName: '', contactPhone: '', receiverId: '', receiverName: '', control: '1', usage: 'T',
  npi: '', providerName: '', taxId: '', line1: '', city: '', state: '', postalCode: '', defaultCharge: '',
};

/** Exports the selected ready encounters as one batch, downloads the file and marks them exported. */
export function ExportPanel({ ids, onExported }: { ids: string[]; onExported: () => void }) {
  const { values: v, set, setValues: setV } = useFormValues(INITIAL);
  const [done, setDone] = useState<string | null>(null);
  const submit = useSubmit();
  const run = () => void submit.run(async () => {
    const body: EncounterExport = {
      encounterIds: ids, format: v.format as EncounterExport['format'], defaultCharge: Number(v.defaultCharge),
      envelope: {
        sender: { id: v.senderId.trim(), name: v.senderName.trim(), contactName: v.contactName.trim(), contactPhone: v.contactPhone.replace(/\D/g, '') },
        receiver: { id: v.receiverId.trim(), name: v.receiverName.trim() },
        interchangeControlNumber: Number(v.control), groupControlNumber: Number(v.control), usage: v.usage as 'T' | 'P',
        billingProvider: { npi: v.npi.trim(), name: v.providerName.trim(), taxId: v.taxId.replace(/\D/g, ''), address: addressOf(v) },
      },
    };
    const file = await billingApi.export(body);
    const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = file.fileName;
    a.click();
    URL.revokeObjectURL(url);
    setDone(`Exported ${ids.length} encounter(s) as ${file.fileName}.`);
    setV((s) => ({ ...s, control: String(Number(s.control) + 1) }));
    onExported();
  });
  return (
    <form onSubmit={(ev) => { ev.preventDefault(); run(); }} aria-label="Export" className="card">
      <h2>Export {ids.length} selected encounter(s)</h2>
      <Notice>{done}</Notice>
      <ProblemAlert error={submit.error} />
      <SelectField label="Format" value={v.format} onValue={set('format')} options={FORMATS} />
      <TextField label="Submitter id" value={v.senderId} onValue={set('senderId')} />
      <TextField label="Submitter name" value={v.senderName} onValue={set('senderName')} />
      <TextField label="Contact name" value={v.contactName} onValue={set('contactName')} />
      <TextField label="Contact phone" value={v.contactPhone} onValue={set('contactPhone')} />
      <TextField label="Receiver id" value={v.receiverId} onValue={set('receiverId')} />
      <TextField label="Receiver name" value={v.receiverName} onValue={set('receiverName')} />
      <TextField label="Control number" value={v.control} onValue={set('control')} inputMode="numeric" />
      <SelectField label="Usage" value={v.usage} onValue={set('usage')} options={[{ value: 'T', label: 'Test' }, { value: 'P', label: 'Production' }]} />
      <TextField label="Billing provider NPI" value={v.npi} onValue={set('npi')} />
      <TextField label="Billing provider name" value={v.providerName} onValue={set('providerName')} />
      <TextField label="Tax id" value={v.taxId} onValue={set('taxId')} />
      <AddressFields whose="Billing provider" values={v} set={set} />
      <TextField label="Charge per unit" value={v.defaultCharge} onValue={set('defaultCharge')} inputMode="decimal" />
      <button type="submit" disabled={submit.pending || ids.length === 0}>Export</button>
    </form>
  );
}
