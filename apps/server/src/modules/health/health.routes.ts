import { Health } from '@telehealth/contracts/common';
import type { Config } from '../../config.js';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { withProblems, type Api } from '../../platform/http.js';

/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers too). */
export function healthRoutes(app: Api, s: { database: Database; config: Config }): void {
  // Probes are frequent: log them only at warn and above, unless the configured level is quieter still.
  const logLevel = ['fatal', 'error', 'silent'].includes(s.config.logLevel) ? s.config.logLevel : 'warn';
  app.get('/healthz', { logLevel, schema: { tags: ['health'], response: withProblems({ 200: Health }) } }, () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel, schema: { tags: ['health'], response: withProblems({ 200: Health }) } }, async () => {
    try {
      await s.database.ping();
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', 'The database does not answer.');
    }
    return { status: 'ready' };
  });
}
