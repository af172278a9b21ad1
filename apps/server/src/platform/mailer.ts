import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends mail. Callers keep PHI out of subjects; bodies carry only what the recipient may see. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * SMTP through nodemailer when `SMTP_URL` is set. Without it (a laptop, `npm start`), each message is written
 * as an RFC 5322 .eml file to `<dataDir>/outbox/`, so invitations and notices can still be opened and tested.
 */
export function createMailer(config: Config): Mailer {
  const transport: Transporter = config.smtpUrl
    ? nodemailer.createTransport(config.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const outbox = path.join(config.dataDir, 'outbox');
  return {
    async send(message) {
      const info = (await transport.sendMail({ from: config.mailFrom, ...message })) as { message?: Buffer };
      if (!config.smtpUrl && info.message) {
        fs.mkdirSync(outbox, { recursive: true, mode: 0o700 });
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.eml`;
        fs.writeFileSync(path.join(outbox, name), info.message, { mode: 0o600 });
      }
    },
    close() {
      transport.close();
    },
  };
}
