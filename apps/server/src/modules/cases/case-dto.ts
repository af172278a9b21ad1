import type { Case, CaseAttachment, CaseReport, CaseSummary, CaseTemplate, Consent, CriticalResult, FieldValues } from '@telehealth/contracts/cases';
import type { Db } from '../../platform/db.js';
import { missingViews } from './case-templates.js';
import * as critical from './case-critical.repo.js';
import * as repo from './cases.repo.js';
import type { SummaryRow } from './case-worklist.repo.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The list form of a case: no clinical content (question, history) — only what a worklist shows. */
export function toSummary(r: Omit<SummaryRow, 'key'>): CaseSummary {
  return {
    id: r.id,
    organizationId: r.organizationId,
    siteId: r.siteId,
    patientId: r.patientId,
    referrerId: r.referrerId,
    specialty: r.specialty,
    urgency: r.urgency as CaseSummary['urgency'],
    state: r.state as CaseSummary['state'],
    assigneeId: r.assigneeId,
    targetSpecialistId: r.targetSpecialistId,
    submittedAt: iso(r.submittedAt),
    dueAt: iso(r.dueAt),
    warnedAt: iso(r.warnedAt),
    breachedAt: iso(r.breachedAt),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function toAttachment(a: repo.AttachmentRow): CaseAttachment {
  return {
    id: a.id,
    kind: a.kind as CaseAttachment['kind'],
    view: a.view,
    contentType: a.contentType,
    studyInstanceUid: a.studyInstanceUid,
    quality: (a.quality as Record<string, unknown> | null) ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

/** The full case: summary, clinical content, attachments, the message thread, report versions and history. */
export async function toCase(db: Db, r: repo.CaseRow, template: CaseTemplate): Promise<Case> {
  const [attachments, messages, reports, events, criticalResults] = await Promise.all([
    repo.listAttachments(db, r.id),
    repo.listMessages(db, r.id),
    repo.listReports(db, r.id),
    repo.listEvents(db, r.id),
    critical.listForCase(db, r.id),
  ]);
  return {
    ...toSummary(r),
    question: r.question,
    history: r.history as FieldValues,
    consent: (r.consent as Consent | null) ?? null,
    missingViews: missingViews(template, attachments.map((a) => a.view)),
    attachments: attachments.map(toAttachment),
    messages: messages.map((m) => ({ ...m, side: m.side as 'referrer' | 'specialist', createdAt: m.createdAt.toISOString() })),
    reports: reports.map(({ report: p, signedByName }): CaseReport => ({
      version: p.version,
      outcome: p.outcome as CaseReport['outcome'],
      timeFrame: p.timeFrame,
      fields: p.fields as FieldValues,
      amendmentReason: p.amendmentReason,
      signedBy: p.signedBy,
      signedByName,
      signedAt: p.signedAt.toISOString(),
    })),
    criticalResults: criticalResults.map(
      (x): CriticalResult => ({
        reportVersion: x.reportVersion,
        finding: x.finding,
        flaggedBy: x.flaggedBy,
        flaggedByName: x.flaggedByName,
        flaggedAt: x.flaggedAt.toISOString(),
        ackDueAt: x.ackDueAt.toISOString(),
        acknowledgedBy: x.acknowledgedBy,
        acknowledgedByName: x.acknowledgedByName,
        acknowledgedAt: iso(x.acknowledgedAt),
        escalatedAt: iso(x.escalatedAt),
      }),
    ),
    events: events.map((e) => ({
      event: e.event,
      fromState: e.fromState as Case['state'] | null,
      toState: e.toState as Case['state'],
      actorId: e.actorId,
      reason: e.reason,
      at: e.at.toISOString(),
    })),
  };
}
