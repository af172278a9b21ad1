import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/labels';
import { Loadable, Notice, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { useSites } from '../../sites/hooks/use-sites';
import { patientsApi } from '../api';
import { toUpdate, valuesOf } from '../hooks/patient-values';
import { CareTeamCard } from './care-team-card';
import { PatientForm } from './patient-form';

/**
 * One patient: demographics (view and edit) and care team. The path holds the patient's id only, and the
 * document title stays generic because browsers keep titles in history.
 */
export function PatientDetailPage() {
  const { patientId = '' } = useParams();
  const location = useLocation();
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;
  const patient = useResource((signal) => patientsApi.get(patientId, signal), patientId);
  const sites = useSites();
  const [saved, setSaved] = useState(false);

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/admin/patients">All patients</Link>
      </p>
      <PageHeader title="Patient record" />
      <Loadable {...patient}>
        {(p) => (
          <>
            <Notice>{justCreated && !saved ? 'Patient created.' : null}</Notice>
            <section className="card" aria-labelledby="patient-summary-heading">
              <h2 id="patient-summary-heading">
                {p.familyName}, {p.givenName}
              </h2>
              <dl className="facts">
                <dt>MRN</dt>
                <dd>{p.mrn}</dd>
                <dt>Site</dt>
                <dd>{sites.nameOf(p.siteId)}</dd>
                <dt>Registered</dt>
                <dd>{formatDateTime(p.createdAt)}</dd>
                <dt>Record id</dt>
                <dd>
                  <code>{p.id}</code>
                </dd>
              </dl>
            </section>
            <section className="card" aria-labelledby="patient-edit-heading">
              <h2 id="patient-edit-heading">Details</h2>
              <Notice>{saved ? 'Changes saved.' : null}</Notice>
              <PatientForm
                key={p.id}
                initial={valuesOf(p)}
                sites={null}
                submitLabel="Save changes"
                onSave={async (values) => {
                  setSaved(false);
                  const update = toUpdate(valuesOf(p), values);
                  if (update === null) return;
                  if ('problem' in update) return update;
                  await patientsApi.update(p.id, update);
                  setSaved(true);
                  patient.reload();
                }}
              />
            </section>
            <CareTeamCard patientId={p.id} />
          </>
        )}
      </Loadable>
    </section>
  );
}
