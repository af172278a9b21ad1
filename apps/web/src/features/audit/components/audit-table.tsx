import type { AuditEvent } from '../../../shared/contracts';
import { formatDateTime, OUTCOME_LABELS } from '../../../shared/labels';

interface AuditTableProps {
  events: AuditEvent[];
  userName: (userId: string | null) => string;
}

/** Audit events, newest first. Patients appear by record id only. */
export function AuditTable({ events, userName }: AuditTableProps) {
  return (
    <div className="table-wrap">
      <table className="audit-table">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Time</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Patient id</th>
            <th scope="col">Resource</th>
            <th scope="col">Source IP</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq} className={e.outcome === 'success' ? undefined : 'row-flagged'}>
              <td>{e.seq}</td>
              <td>{formatDateTime(e.eventTime)}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>{OUTCOME_LABELS[e.outcome]}</td>
              <td>{userName(e.userId)}</td>
              <td>{e.role ?? '—'}</td>
              <td>{e.patientId ? <code className="id">{e.patientId}</code> : '—'}</td>
              <td>
                {e.resourceType ? (
                  <>
                    {e.resourceType}
                    {e.resourceId ? (
                      <>
                        {' '}
                        <code className="id">{e.resourceId}</code>
                      </>
                    ) : null}
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td>{e.sourceIp ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
