import type { Db } from '../../platform/db.js';
import type { Mailer } from '../../platform/mailer.js';
import { currentContext } from '../../platform/request-context.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import * as repo from './cases.repo.js';

/** What a notice says. Never PHI: no patient name, question or finding — only that something awaits, and a link. */
export type CaseNotice =
  | 'question'
  | 'reply'
  | 'report'
  | 'amendment'
  | 'returned'
  | 'assigned'
  | 'warning'
  | 'breach'
  | 'follow_up'
  | 'critical'
  | 'critical_escalation';

const SUBJECT: Record<CaseNotice, string> = {
  question: 'A specialist asked a question about a consult',
  reply: 'The referrer answered your question on a consult',
  report: 'A consult report is ready',
  amendment: 'A consult report was amended',
  returned: 'A consult was returned: new images are requested',
  assigned: 'A consult was assigned to you',
  warning: 'A consult has used 75 % of its turnaround time',
  breach: 'A consult has passed its turnaround deadline',
  follow_up: 'A follow-up video visit from a consult was scheduled with you',
  critical: 'Critical result on a consult: open it and acknowledge now',
  critical_escalation: 'A critical result on a consult has not been acknowledged',
};

/**
 * Notices about consults, in the app (notifications) and by email. Sent after the change is committed; a
 * mail failure is logged and never undoes or fails the clinical action.
 */
export class CaseNotifier {
  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * @param userIds - recipients (users of the platform).
   * @param caseId - the case, linked as `<publicUrl>/cases/<id>` (an opaque id, not PHI).
   */
  async notify(userIds: string[], notice: CaseNotice, caseId: string): Promise<void> {
    try {
      await this.inApp(userIds, notice, caseId);
    } catch (err) {
      currentContext()?.log.warn({ err, caseId, notice }, 'case notice not stored');
    }
    await this.email(userIds, notice, caseId);
  }

  /** The in-app notice only, in the caller's transaction when given. */
  async inApp(userIds: string[], notice: CaseNotice, caseId: string, tx?: Db): Promise<void> {
    await this.notifications.deliver(userIds, `case_${notice}`, SUBJECT[notice], caseId, tx);
  }

  /** The email only. */
  async email(userIds: string[], notice: CaseNotice, caseId: string): Promise<void> {
    const recipients = await repo.emailsOf(this.db, [...new Set(userIds)]);
    const text = `${SUBJECT[notice]}.\n\nOpen it: ${this.publicUrl}/cases/${caseId}\n`;
    for (const r of recipients) {
      try {
        await this.mailer.send({ to: r.email, subject: SUBJECT[notice], text });
      } catch (err) {
        currentContext()?.log.warn({ err, caseId, notice }, 'case notice not sent');
      }
    }
  }
}
