import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { loggerOptions, REDACT_PATHS } from './logger.js';

function capture(): { log: pino.Logger; lines: () => Record<string, unknown>[]; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const log = pino(loggerOptions(loadConfig({ LOG_LEVEL: 'trace' })), stream);
  return {
    log,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('logger redaction', () => {
  it('redacts credentials from request headers', () => {
    const c = capture();
    c.log.info(
      {
        req: { headers: { cookie: 'th_session=s3cr3t', authorization: 'Bearer th_tok3n', 'x-csrf-token': 'csrf-v4lue' } },
        res: { headers: { 'set-cookie': 'th_session=n3w' } },
      },
      'request',
    );
    expect(c.text()).not.toMatch(/s3cr3t|th_tok3n|csrf-v4lue|n3w/);
    expect(c.lines()[0]).toMatchObject({ req: { headers: { cookie: '[redacted]', authorization: '[redacted]' } } });
  });

  it('redacts patient identifiers and secrets one level down', () => {
    const c = capture();
    c.log.warn(
      {
        patient: {
          givenName: 'Zelda',
          familyName: 'Quixote',
          name: 'Zelda Quixote',
          birthDate: '1931-04-05',
          email: 'zq@example.test',
          phone: '+1 406 555 0100',
          mrn: 'MRN-778899',
          addressState: 'MT',
        },
        login: { password: 'hunter2hunter2', token: 'tok-123', secret: 'JBSWY3DP', code: '123456' },
      },
      'something happened',
    );
    const text = c.text();
    for (const v of ['Zelda', 'Quixote', '1931-04-05', 'zq@example.test', '555 0100', 'MRN-778899', 'hunter2', 'tok-123', 'JBSWY3DP', '123456']) {
      expect(text).not.toContain(v);
    }
    expect(c.lines()[0]).toMatchObject({ patient: { givenName: '[redacted]' }, msg: 'something happened' });
  });

  it('redacts a whole request body, at the top level or one level down', () => {
    const c = capture();
    c.log.info({ body: { email: 'a@example.test', password: 'pw-top' } }, 'body');
    c.log.info({ req: { body: { anything: 'pw-nested' } } }, 'nested body');
    expect(c.text()).not.toMatch(/pw-top|pw-nested|a@example\.test/);
  });

  it('keeps non-sensitive context such as ids and the service name', () => {
    const c = capture();
    c.log.info({ patientId: 'p-1', reqId: 'r-1' }, 'patient read');
    expect(c.lines()[0]).toMatchObject({ patientId: 'p-1', reqId: 'r-1', service: 'telehealth', level: 30 });
  });

  it('lists the paths that carry PHI or secrets', () => {
    for (const p of ['*.password', '*.givenName', '*.familyName', '*.birthDate', '*.email', '*.mrn', 'body', 'req.headers.cookie']) {
      expect(REDACT_PATHS).toContain(p);
    }
  });
});
