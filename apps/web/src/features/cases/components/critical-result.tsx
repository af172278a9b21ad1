import type { Case } from '../api';
import { formatDateTime } from '../../../shared/labels';

type CriticalResult = Case['criticalResults'][number];

/**
 * Whether the signed-in user may acknowledge the case's critical result: the referrer, or a clinician of the
 * referring site (the server decides; this only chooses whether to offer the button).
 */
export function mayAcknowledgeCritical(me: { id: string; roles: { role: string; siteId: string | null }[] } | null, c: Case): boolean {
  if (!me) return false;
  return me.id === c.referrerId || me.roles.some((r) => r.role === 'clinician' && (r.siteId === null || r.siteId === c.siteId));
}

/**
 * Critical results of a case (docs/cases.md "Critical results"). Everyone on the case sees an unmissable
 * banner until the result is acknowledged; the referrer (or a clinician of the referring site) gets the button
 * to acknowledge it. Afterwards everyone sees who acknowledged it and when. Findings are rendered as text
 * (React escapes them), never as HTML.
 */
export function CriticalResults({ c, referrer, onAcknowledge, pending }: { c: Case; referrer: boolean; onAcknowledge: () => void; pending: boolean }) {
  if (c.criticalResults.length === 0) return null;
  const open = c.criticalResults.filter((r) => r.acknowledgedAt === null);
  return (
    <>
      {open.length > 0 ? (
        <div className="alert alert-error critical-banner" role="alert" data-testid="critical-banner">
          <p className="alert-title">Critical result{referrer ? ': acknowledge now' : ' awaiting acknowledgement by the referrer'}</p>
          {open.map((r) => (
            <p key={r.reportVersion}>
              <span className="message-body" data-testid="critical-finding">{r.finding}</span>
              <span className="meta"> — flagged by {r.flaggedByName}, {formatDateTime(r.flaggedAt)}; escalated {r.escalatedAt ? formatDateTime(r.escalatedAt) : `if not acknowledged by ${formatDateTime(r.ackDueAt)}`}</span>
            </p>
          ))}
          {referrer ? (
            <button type="button" className="button-primary" disabled={pending} onClick={onAcknowledge}>Acknowledge critical result</button>
          ) : null}
        </div>
      ) : null}
      {c.criticalResults.filter((r) => r.acknowledgedAt !== null).map((r) => <Acknowledged key={r.reportVersion} r={r} />)}
    </>
  );
}

function Acknowledged({ r }: { r: CriticalResult }) {
  return (
    <div className="alert alert-success" data-testid="critical-acknowledged">
      <p className="alert-title">Critical result acknowledged</p>
      <p>
        <span className="message-body">{r.finding}</span> — acknowledged by {r.acknowledgedByName} at {formatDateTime(r.acknowledgedAt)}
        {r.escalatedAt ? ` (after escalation at ${formatDateTime(r.escalatedAt)})` : ''}
      </p>
    </div>
  );
}
