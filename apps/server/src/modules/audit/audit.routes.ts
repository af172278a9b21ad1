import { Readable } from 'node:stream';
import { AuditEventList, AuditExportQuery, AuditQuery } from '@telehealth/contracts/audit';
import { requireActor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import { csvHeader, csvLine } from './audit-csv.js';
import type { AuditFilter } from './audit.repo.js';
import type { AuditService } from './audit.service.js';

function filterOf(organizationId: string, q: Omit<AuditQuery, 'limit'>): AuditFilter {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from > to) throw new AppError('AUDIT_QUERY_INVALID', '`from` is after `to`.');
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
