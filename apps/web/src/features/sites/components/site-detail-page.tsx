import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Loadable, Notice, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { sitesApi } from '../api';
import { SiteForm } from './site-form';

/** Edit one site. */
export function SiteDetailPage() {
  const { siteId = '' } = useParams();
  const site = useResource((signal) => sitesApi.get(siteId, signal), siteId);
  const [saved, setSaved] = useState(false);

  return (
    <section>
      <p className="breadcrumb">
        <Link to="/admin/sites">All sites</Link>
      </p>
      <PageHeader title={site.data ? `Site: ${site.data.name}` : 'Site'} />
      <Loadable {...site}>
        {(s) => (
          <section className="card" aria-labelledby="edit-site-heading">
            <h2 id="edit-site-heading">Edit site</h2>
            <Notice>{saved ? 'Changes saved.' : null}</Notice>
            <SiteForm
              key={s.id}
              initial={{ name: s.name, kind: s.kind, timeZone: s.timeZone, state: s.state }}
              submitLabel="Save changes"
              onSave={async (values) => {
                setSaved(false);
                await sitesApi.update(s.id, values);
                setSaved(true);
                site.reload();
                return false;
              }}
            />
          </section>
        )}
      </Loadable>
    </section>
  );
}
