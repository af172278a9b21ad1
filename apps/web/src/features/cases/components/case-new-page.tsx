import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ProblemAlert, SelectField, useSubmit } from '../../../shared/form';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { patientsApi } from '../../patients/api';
import { casesApi } from '../api';

/** Starts a draft case: the patient, and the specialty whose template shapes the rest. */
export function CaseNewPage() {
  const navigate = useNavigate();
  const data = useResource(
    async (signal) => ({ templates: await casesApi.templates(signal), patients: (await patientsApi.list({ limit: 200 }, signal)).items }),
    'new-case',
  );
  const [patientId, setPatientId] = useState('');
  const [specialty, setSpecialty] = useState('');
  const { pending, error, run } = useSubmit();

  const submit = (e: FormEvent, patients: { id: string; siteId: string }[]) => {
    e.preventDefault();
    const patient = patients.find((p) => p.id === patientId);
    if (!patient) return;
    void run(async () => {
      const created = await casesApi.create({ patientId, siteId: patient.siteId, specialty });
      await navigate(`/cases/${created.id}`);
    });
  };

  return (
    <section>
      <PageHeader title="New case" />
      <Loadable {...data}>
        {({ templates, patients }) => (
          <form onSubmit={(e) => submit(e, patients)} className="form">
            <ProblemAlert error={error} />
            <SelectField label="Patient" value={patientId} onValue={setPatientId} required
              options={[{ value: '', label: 'Choose a patient' }, ...patients.map((p) => ({ value: p.id, label: `${p.familyName}, ${p.givenName} (${p.mrn})` }))]} />
            <SelectField label="Specialty" value={specialty} onValue={setSpecialty} required
              options={[{ value: '', label: 'Choose a specialty' }, ...templates.map((t) => ({ value: t.specialty, label: t.title }))]} />
            <button type="submit" className="button-primary" disabled={pending || !patientId || !specialty}>Start the case</button>
          </form>
        )}
      </Loadable>
    </section>
  );
}
