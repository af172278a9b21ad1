import type { Platform } from '@telehealth/server/ops';
import { loadOps } from './platform-session.js';
import { CliError, UsageError } from './cli-errors.js';

export interface Named {
  id: string;
  name: string;
}

/**
 * Finds an entry by id, then by exact name, then by a case-insensitive name that matches only one entry.
 * @param items - the candidates.
 * @param ref - an id or a name, as the operator typed it.
 */
export function findByIdOrName<T extends Named>(items: readonly T[], ref: string): T | null {
  const exact = items.find((i) => i.id === ref || i.name === ref);
  if (exact) return exact;
  const folded = items.filter((i) => i.name.toLowerCase() === ref.trim().toLowerCase());
  return folded.length === 1 ? (folded[0] ?? null) : null;
}

function quoteList(items: readonly Named[]): string {
  return items.map((i) => `"${i.name}"`).join(', ');
}

/**
 * The organization named by `--org`, or the only one when `--org` is omitted.
 * @throws UsageError when `--org` is omitted and there are several; CliError when there is none or no match.
 */
export async function resolveOrganization(platform: Platform, ref: string | undefined): Promise<Named> {
  const { listOrganizations } = await loadOps();
  const orgs = await listOrganizations(platform);
  if (ref === undefined) {
    const [only, ...others] = orgs;
    if (!only) {
      throw new CliError(
        'there is no organization yet: open the one-time setup link that `telehealth serve` prints, or run `telehealth demo seed`',
      );
    }
    if (others.length > 0)
      throw new UsageError(
        `there are ${orgs.length} organizations; choose one with --org (${quoteList(orgs)})`,
      );
    return only;
  }
  const org = findByIdOrName(orgs, ref);
  if (!org) throw new CliError(`no organization has the name or id "${ref}"`);
  return org;
}

/**
 * A site of the organization by name or id.
 * @throws CliError naming the organization's sites when none matches.
 */
export async function resolveSite(platform: Platform, organization: Named, ref: string): Promise<Named> {
  const { systemActor } = await loadOps();
  const sites = await platform.services.sites.list(systemActor(organization.id));
  const site = findByIdOrName(sites, ref);
  if (!site) {
    const known = sites.length ? `; its sites are ${quoteList(sites)}` : '; it has no sites yet';
    throw new CliError(`"${organization.name}" has no site with the name or id "${ref}"${known}`);
  }
  return site;
}
