import type { AuditEvent } from '@telehealth/contracts/audit';

const HEADER = [
  'seq',
  'event_time',
  'user_id',
  'role',
  'organization_id',
  'patient_id',
  'action',
  'resource_type',
  'resource_id',
  'outcome',
  'source_ip',
  'user_agent',
  'request_id',
  'detail',
  'hash',
] as const;

/**
 * One RFC 4180 field. Cells that a spreadsheet would evaluate as a formula (leading = + - @ tab CR)
 * are prefixed with an apostrophe (OWASP CSV injection guidance): a user agent is attacker-controlled.
 */
export function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return `${HEADER.join(',')}\r\n`;
}

export function csvLine(e: AuditEvent): string {
  return (
    [
      e.seq,
      e.eventTime,
      e.userId,
      e.role,
      e.organizationId,
      e.patientId,
      e.action,
      e.resourceType,
      e.resourceId,
      e.outcome,
      e.sourceIp,
      e.userAgent,
      e.requestId,
      e.detail,
      e.hash,
    ]
      .map((v) => csvField(typeof v === 'number' ? String(v) : v))
      .join(',') + '\r\n'
  );
}
