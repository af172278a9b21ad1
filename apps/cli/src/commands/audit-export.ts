import { csvHeader, csvLine } from '@telehealth/server/tools';
import type { AuditFilter } from '@telehealth/server/ops';
import type { AuditEvent } from '@telehealth/contracts/audit';
import type { Command } from '../command.js';
import { parseOptions } from '../command.js';
import { UsageError } from '../cli-errors.js';
import { parseInstant } from '../instant.js';
import { resolveOrganization } from '../lookup.js';
import { writeOut } from '../output.js';
import { withPlatform } from '../platform-session.js';

const OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  format: { type: 'string', default: 'csv' },
  org: { type: 'string' },
} as const;

// Fewer, larger writes: an export can run to millions of rows.
const FLUSH_AT_CHARS = 64 * 1024;

function parseFormat(text: string): 'csv' | 'json' {
  if (text === 'csv' || text === 'json') return text;
  throw new UsageError(`--format must be csv or json (got "${text}")`);
}

function timeRange(from: string | undefined, to: string | undefined): Pick<AuditFilter, 'from' | 'to'> {
  const range = {
    ...(from ? { from: parseInstant(from, '--from') } : {}),
    ...(to ? { to: parseInstant(to, '--to', true) } : {}),
  };
  if (range.from && range.to && range.from > range.to) throw new UsageError('--from is after --to');
  return range;
}

async function stream(events: AsyncIterable<AuditEvent>, format: 'csv' | 'json'): Promise<number> {
  let buffer = format === 'csv' ? csvHeader() : '';
  let count = 0;
  for await (const e of events) {
    buffer += format === 'csv' ? csvLine(e) : `${JSON.stringify(e)}\n`;
    count++;
    if (buffer.length >= FLUSH_AT_CHARS) {
      await writeOut(buffer);
      buffer = '';
    }
  }
  if (buffer) await writeOut(buffer);
  return count;
}

export const auditExportCommand: Command = {
  name: 'audit export',
  summary: 'Write audit events to stdout as CSV or JSON lines',
  help: `Usage: telehealth audit export [--from ISO] [--to ISO] [--format csv|json] [--org O]

  --from ISO       first instant, inclusive: 2026-01-01 (00:00 UTC) or 2026-01-01T08:00:00-07:00
  --to ISO         last instant, inclusive: a bare date includes that whole day (UTC)
  --format F       csv (default; RFC 4180, the same columns as the web app's export) or json
                   (one JSON object per line)
  --org O          only events of this organization (name or id); default: every event

Events come oldest first. The export itself is recorded in the audit trail.

Example:
  telehealth audit export --from 2026-01-01 --to 2026-03-31 --format json > audit-q1.ndjson`,
  async run(argv) {
    const o = parseOptions(argv, OPTIONS);
    const format = parseFormat(o.format);
    const range = timeRange(o.from, o.to);
    return withPlatform('telehealth audit export', async (platform) => {
      const org = o.org === undefined ? null : await resolveOrganization(platform, o.org);
      const filter: AuditFilter = { ...range, ...(org ? { organizationId: org.id } : {}) };
      await platform.services.audit.record({
        action: 'audit.export',
        outcome: 'success',
        actor: null,
        organizationId: org?.id ?? null,
        detail: { format, via: 'cli', from: o.from ?? null, to: o.to ?? null },
      });
      await stream(platform.services.audit.iterate(filter), format);
      return 0;
    });
  },
};
