import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { cases } from './cases.schema.js';

/** Cases of an organization that have a signed report (answered, acknowledged or closed). */
export async function listAnsweredInOrganization(db: Db, organizationId: string, answeredSince: Date | null): Promise<{ id: string; answeredAt: Date | null }[]> {
  return db
    .select({ id: cases.id, answeredAt: cases.answeredAt })
    .from(cases)
    .where(
      and(
        eq(cases.organizationId, organizationId),
        inArray(cases.state, ['answered', 'acknowledged', 'closed']),
        answeredSince ? gte(cases.answeredAt, answeredSince) : undefined,
      ),
    )
    .orderBy(asc(cases.answeredAt), asc(cases.id));
}
