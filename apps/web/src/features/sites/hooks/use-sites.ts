import type { Site } from '../../../shared/contracts';
import { useResource, type Resource } from '../../../shared/use-resource';
import { sitesApi } from '../api';

/** The organization's sites, for pickers and for showing a site's name next to its id. */
export function useSites(): Resource<Site[]> & { nameOf: (siteId: string | null) => string } {
  const sites = useResource((signal) => sitesApi.list(signal), 'sites');
  const nameOf = (siteId: string | null) => {
    if (!siteId) return 'All sites';
    return sites.data?.find((s) => s.id === siteId)?.name ?? 'Unknown site';
  };
  return { ...sites, nameOf };
}
