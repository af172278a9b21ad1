import { useState } from 'react';
import { Link } from 'react-router';
import { formatDateTime, SITE_KIND_LABELS } from '../../../shared/labels';
import { Loadable, Notice, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { sitesApi } from '../api';
import { emptySiteValues, SiteForm } from './site-form';

/** The organization's sites (clinics, hospitals, EDs, pharmacies, imaging centres) and a form to add one. */
export function SitesPage() {
  const sites = useResource((signal) => sitesApi.list(signal), 'sites');
  const [created, setCreated] = useState<string | null>(null);

  return (
    <section>
      <PageHeader title="Sites" />
      <Loadable {...sites}>
        {(items) =>
          items.length === 0 ? (
            <p>No sites yet. Add the first one below.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Sites</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Time zone</th>
                    <th scope="col">State</th>
                    <th scope="col">Created</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((s) => (
                    <tr key={s.id}>
                      <th scope="row">
                        <Link to={`/admin/sites/${s.id}`}>{s.name}</Link>
                      </th>
                      <td>{SITE_KIND_LABELS[s.kind]}</td>
                      <td>{s.timeZone}</td>
                      <td>{s.state}</td>
                      <td>{formatDateTime(s.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loadable>
      <section className="card" aria-labelledby="new-site-heading">
        <h2 id="new-site-heading">New site</h2>
        <Notice>{created ? `Site “${created}” created.` : null}</Notice>
        <SiteForm
          initial={emptySiteValues()}
          submitLabel="Create site"
          onSave={async (site) => {
            setCreated(null);
            const saved = await sitesApi.create(site);
            setCreated(saved.name);
            sites.reload();
            return true;
          }}
        />
      </section>
    </section>
  );
}
