import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startSmtpServer, type TestSmtpServer } from '../testing/smtp.js';
import { createMailer } from './mailer.js';

let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
});

describe('mailer', () => {
  it('delivers through the configured SMTP server', async () => {
    const mailer = createMailer(loadConfig({ NODE_ENV: 'test', SMTP_URL: smtp.url, MAIL_FROM: 'Clinic <clinic@example.test>' }));
    await mailer.send({ to: 'patient@example.test', subject: 'Your video visit', text: 'Join with the link.' });
    mailer.close();
    const mail = await smtp.waitFor((m) => m.to.includes('patient@example.test'));
    expect(mail.from).toBe('clinic@example.test');
    expect(mail.raw).toContain('Subject: Your video visit');
    expect(mail.raw).toContain('Join with the link.');
  });

  it('writes .eml files to the outbox when no SMTP server is configured', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-'));
    const mailer = createMailer(loadConfig({ NODE_ENV: 'test', TELEHEALTH_DATA_DIR: dataDir }));
    await mailer.send({ to: 'a@example.test', subject: 'Hello', text: 'Body text' });
    const files = fs.readdirSync(path.join(dataDir, 'outbox'));
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(dataDir, 'outbox', files[0]!), 'utf8')).toContain('Body text');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a non-SMTP SMTP_URL at start-up', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', SMTP_URL: 'http://x' })).toThrow(/SMTP_URL/);
  });
});
