import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import * as flow from './case-flow.repo.js';
import type { CaseNotice, CaseNotifier } from './case-notify.js';

const BATCH = 200;

/** Who hears of a clock notice: the case, and the user ids to tell. */
interface Notice {
  caseId: string;
  to: string[];
}

/**
 * The turnaround sweeper (docs/cases.md "Turnaround clocks"). Each sweep claims, in one transaction per batch,
 * the running cases past their deadline (breach) and past 75 % of it (warning), marks the notice as sent and
 * stores the in-app notices in that same transaction — so each notice exists exactly once, whichever server
 * sweeps and however often it restarts. Emails follow the commit (at most once: a crash in between loses the
 * email, never the in-app notice).
 *
 * Warning: the assignee, or the queue's lead when nobody holds the case. Breach: the queue's lead, the
 * referrer and the assignee. The lead is the queue's configured lead, else the organization's admins.
 */
export class CaseClockService {
  private running: Promise<{ warnings: number; breaches: number }> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly notifier: CaseNotifier,
  ) {}

  /** One sweep; a sweep already in progress in this process is joined, not doubled. */
  sweep(): Promise<{ warnings: number; breaches: number }> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  /** Resolves when no sweep is in progress (shutdown waits for it before the database closes). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<{ warnings: number; breaches: number }> {
    const now = new Date(this.clock());
    const breaches = await this.drain('breach', (tx) => flow.claimBreaches(tx, now, BATCH));
    const warnings = await this.drain('warning', (tx) => flow.claimWarnings(tx, now, BATCH));
    return { warnings, breaches };
  }

  private async drain(notice: CaseNotice, claim: (tx: Db) => Promise<flow.ClockCase[]>): Promise<number> {
    let total = 0;
    for (;;) {
      const sent: Notice[] = await this.db.transaction(async (tx) => {
        const notices: Notice[] = [];
        for (const c of await claim(tx)) {
          const to = await this.recipients(tx, c, notice);
          await this.notifier.inApp(to, notice, c.id, tx);
          notices.push({ caseId: c.id, to });
        }
        return notices;
      });
      for (const n of sent) await this.notifier.email(n.to, notice, n.caseId);
      total += sent.length;
      if (sent.length < BATCH) return total;
    }
  }

  private async recipients(tx: Db, c: flow.ClockCase, notice: CaseNotice): Promise<string[]> {
    const leads = async () => {
      const queue = await flow.findQueue(tx, c.organizationId, c.specialty);
      return queue?.leadUserId ? [queue.leadUserId] : flow.listAdmins(tx, c.organizationId);
    };
    if (notice === 'warning') return c.assigneeId ? [c.assigneeId] : leads();
    return [...new Set([...(await leads()), c.referrerId, ...(c.assigneeId ? [c.assigneeId] : [])])];
  }
}
