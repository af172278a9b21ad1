import { Readable } from 'node:stream';
import { AuditEventList, AuditExportQuery, AuditQuery } from '@telehealth/contracts/audit';
import { requireActor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import { csvHeader, csvLine } from './audit-csv.js';
import type { AuditFilter } from './audit.repo.js';
import type { AuditService } from './audit.service.js';

/**
 * An instant the database can compare with. The `date-time` format admits a leap second (no JS Date) and
 * year 0000 (no PostgreSQL timestamp); both would otherwise fail as a 500 — or, in an export whose 200 is
 * already sent, as a cut-off download.
 */
function instant(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1) throw new AppError('AUDIT_QUERY_INVALID', `\`${name}\` is not a usable time.`);
  return d;
}

function filterOf(organizationId: string, q: Omit<AuditQuery, 'limit'>): AuditFilter {
  const from = instant(q.from, 'from');
  const to = instant(q.to, 'to');
  if (from && to && from > to) throw new AppError('AUDIT_QUERY_INVALID', '`from` is after `to`.');
  // seq is a PostgreSQL bigint; beyond 2^53 a JSON number cannot name one exactly anyway.
  if (q.beforeSeq !== undefined && !Number.isSafeInteger(q.beforeSeq)) {
    throw new AppError('AUDIT_QUERY_INVALID', '`beforeSeq` is out of range.');
  }
  return {
    organizationId,
    ...(q.userId ? { userId: q.userId } : {}),
    ...(q.patientId ? { patientId: q.patientId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.outcome ? { outcome: q.outcome } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(q.beforeSeq ? { beforeSeq: q.beforeSeq } : {}),
  };
}

/** The administrators' audit report: their organization's events, filtered, newest first; CSV or JSON export. */
export function auditRoutes(app: Api, s: { audit: AuditService }): void {
  const p = `${API_PREFIX}/audit-events`;
  const tags = ['audit'];

  app.get(
    p,
    { config: { access: 'audit.read' }, schema: { tags, querystring: AuditQuery, response: withProblems({ 200: AuditEventList }) } },
    async (req) => {
      const actor = requireActor(req.ctx.actor);
      const result = await s.audit.list(filterOf(actor.organizationId, req.query), req.query.limit ?? 100);
      await s.audit.record({ action: 'audit.read', outcome: 'success', detail: { count: result.items.length } });
      return result;
    },
  );

  app.get(
    `${p}/export`,
    { config: { access: 'audit.read' }, schema: { tags, querystring: AuditExportQuery, produces: ['text/csv', 'application/x-ndjson'] } },
    async (req, reply) => {
      const actor = requireActor(req.ctx.actor);
      const { format = 'csv', ...q } = req.query;
      const filter = filterOf(actor.organizationId, q);
      await s.audit.record({ action: 'audit.export', outcome: 'success', detail: { format } });
      const stamp = new Date().toISOString().slice(0, 10);
      reply
        .header('content-disposition', `attachment; filename="audit-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}"`)
        .header('cache-control', 'no-store')
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
      const events = s.audit.iterate(filter);
      async function* lines(): AsyncGenerator<string> {
        if (format === 'csv') yield csvHeader();
        for await (const e of events) yield format === 'csv' ? csvLine(e) : `${JSON.stringify(e)}\n`;
      }
      return reply.send(Readable.from(lines()));
    },
  );
}
