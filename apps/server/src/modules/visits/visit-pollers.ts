import type { Api } from '../../platform/http.js';
import type { VisitGraceSweeper } from './visit-grace.js';
import type { VisitReminders } from './visit-reminders.js';

interface Deps {
  config: { visitSweepSeconds: number };
  visitGrace: VisitGraceSweeper;
  visitReminders: VisitReminders;
}

/**
 * Runs the reconnection-grace sweep and the reminder poller every `VISIT_SWEEP_SECONDS` while the server is up.
 * Both keep their state in the database, so a restart (or a second process) picks up where the last left off.
 * A pass never overlaps the previous one; a failing pass is logged and the next one tries again.
 */
export function registerVisitPollers(app: Api, deps: Deps): void {
  const everyMs = deps.config.visitSweepSeconds * 1000;
  if (everyMs <= 0) return;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const pass = async (): Promise<void> => {
    try {
      await deps.visitGrace.sweep();
      await deps.visitReminders.sweep();
    } catch (err) {
      app.log.error({ err }, 'visit poller pass failed');
    }
  };
  app.addHook('onReady', (done) => {
    timer = setInterval(() => {
      running = running.then(pass);
    }, everyMs);
    timer.unref();
    done();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}
