import { Health } from '@telehealth/contracts/common';
import type { Database } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { withProblems, type Api } from '../../platform/http.js';

/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the database answers too). */
export function healthRoutes(app: Api, s: { database: Database }): void {
  app.get('/healthz', { logLevel: 'warn', schema: { tags: ['health'], response: withProblems({ 200: Health }) } }, () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn', schema: { tags: ['health'], response: withProblems({ 200: Health }) } }, async () => {
    try {
      await s.database.ping();
    } catch {
      throw new AppError('SERVICE_UNAVAILABLE', 'The database does not answer.');
    }
    return { status: 'ready' };
  });
}
