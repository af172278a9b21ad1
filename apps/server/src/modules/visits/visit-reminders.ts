import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { Mailer } from '../../platform/mailer.js';
import type { AuditService } from '../audit/audit.service.js';
import * as repo from './visits.repo.js';

/** Most reminders sent in one pass; the rest go on the next. */
const REMINDER_BATCH = 100;

/**
 * Email reminders before scheduled visits. Polled on an interval: a visit is due when it is still `scheduled`,
 * starts within the lead time, and its `reminder_sent_at` is null. The column is claimed (compare-and-set)
 * before the mail goes out, so a restart never repeats a reminder and two processes never both send one; a
 * restart loses none either, because the state lives in the database, not in a timer.
 *
 * The reminder carries no link: join tokens are stored only as hashes, and issuing a new one would revoke the
 * link the patient already has. It points to the invitation email instead.
 */
export class VisitReminders {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    private readonly leadMinutes: number,
  ) {}

  /** Sends every due reminder. Returns the ids of the visits reminded. */
  async sweep(): Promise<string[]> {
    if (this.leadMinutes <= 0) return [];
    const now = new Date(this.clock());
    const until = new Date(now.getTime() + this.leadMinutes * 60_000);
    const sent: string[] = [];
    for (const visit of await repo.listRemindersDue(this.db, now, until, REMINDER_BATCH)) {
      if (!(await repo.claimReminder(this.db, visit.id, now))) continue;
      const recipients = (await repo.listLivePatientInvitations(this.db, visit.id)).flatMap((p) => (p.email ? [p.email] : []));
      for (const to of recipients) await this.send(to, visit);
      await this.audit.record({
        actor: null,
        organizationId: visit.organizationId,
        action: 'visit.reminder',
        outcome: 'success',
        patientId: visit.patientId,
        resourceType: 'visit',
        resourceId: visit.id,
        detail: { recipients: recipients.length },
      });
      sent.push(visit.id);
    }
    return sent;
  }

  private async send(to: string, visit: repo.VisitRow): Promise<void> {
    const when = visit.scheduledStart ? visit.scheduledStart.toISOString().replace('T', ' ').slice(0, 16) : '';
    // No PHI: no reason, no names; the recipient already holds the invitation.
    await this.mailer.send({
      to,
      subject: 'Reminder: your video visit',
      text: `Reminder: your video visit starts at ${when} UTC.\n\nOpen the link from your invitation email from any browser a few minutes before. Nothing to install.\n`,
    });
  }
}
