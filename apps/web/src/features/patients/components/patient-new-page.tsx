import { Link, useNavigate } from 'react-router';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useSites } from '../../sites/hooks/use-sites';
import { patientsApi } from '../api';
import { EMPTY_PATIENT, toCreate } from '../hooks/patient-values';
import { PatientForm } from './patient-form';

/** Registers a patient, then opens the new record (by id). */
export function PatientNewPage() {
  const sites = useSites();
  const navigate = useNavigate();
  return (
    <section>
      <p className="breadcrumb">
        <Link to="/admin/patients">All patients</Link>
      </p>
      <PageHeader title="New patient" />
      <Loadable {...sites}>
        {(items) =>
          items.length === 0 ? (
            <p>
              Patients are registered at a site. <Link to="/admin/sites">Create a site</Link> first.
            </p>
          ) : (
            <section className="card" aria-label="Patient details">
              <PatientForm
                initial={{ ...EMPTY_PATIENT, siteId: items.length === 1 && items[0] ? items[0].id : '' }}
                sites={items}
                submitLabel="Create patient"
                onSave={async (values) => {
                  const body = toCreate(values);
                  if ('problem' in body) return body;
                  const patient = await patientsApi.create(body);
                  await navigate(`/admin/patients/${patient.id}`, { state: { created: true } });
                }}
              />
            </section>
          )
        }
      </Loadable>
    </section>
  );
}
