import type { Db } from '../../platform/db.js';
import type { Mailer } from '../../platform/mailer.js';
import { currentContext } from '../../platform/request-context.js';
import * as repo from './cases.repo.js';

/** What a notice says. Never PHI: no patient name, question or finding — only that something awaits, and a link. */
export type CaseNotice = 'question' | 'reply' | 'report' | 'amendment' | 'returned' | 'assigned';

const SUBJECT: Record<CaseNotice, string> = {
  question: 'A specialist asked a question about a consult',
  reply: 'The referrer answered your question on a consult',
  report: 'A consult report is ready',
  amendment: 'A consult report was amended',
  returned: 'A consult was returned: new images are requested',
  assigned: 'A consult was assigned to you',
};

/**
 * Email notices about consults (in-app, the worklists show the same state). Sent after the change is
 * committed; a mail failure is logged and never undoes or fails the clinical action.
 */
export class CaseNotifier {
  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
  ) {}

  /**
   * @param userIds - recipients (users of the platform).
   * @param caseId - the case, linked as `<publicUrl>/cases/<id>` (an opaque id, not PHI).
   */
  async notify(userIds: string[], notice: CaseNotice, caseId: string): Promise<void> {
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
