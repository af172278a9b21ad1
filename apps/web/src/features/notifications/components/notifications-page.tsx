import { Link } from 'react-router';
import { ProblemAlert, useSubmit } from '../../../shared/form';
import { formatDateTime } from '../../../shared/labels';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { notificationsApi } from '../api';

/** The user's notifications, newest first: open the case, mark one or all read. */
export function NotificationsPage() {
  const list = useResource((signal) => notificationsApi.list(signal), 'all');
  const action = useSubmit();
  const run = (fn: () => Promise<unknown>) => void action.run(async () => {
    await fn();
    list.reload();
  });
  return (
    <section>
      <PageHeader title="Notifications">
        <button type="button" className="button-secondary" disabled={action.pending} onClick={() => run(notificationsApi.readAll)}>
          Mark all read
        </button>
      </PageHeader>
      <ProblemAlert error={action.error} />
      <Loadable {...list}>
        {(page) =>
          page.items.length === 0 ? (
            <p>No notifications.</p>
          ) : (
            <ul className="notification-list">
              {page.items.map((n) => (
                <li key={n.id} className={n.readAt ? 'read' : 'unread'} data-kind={n.kind}>
                  <span>{n.title}</span> <small>{formatDateTime(n.createdAt)}</small>{' '}
                  {n.caseId ? <Link to={`/cases/${n.caseId}`} onClick={() => (n.readAt ? undefined : void notificationsApi.read(n.id))}>Open case</Link> : null}
                  {n.kind === 'visit_invitation' ? <Link to="/visits" onClick={() => (n.readAt ? undefined : void notificationsApi.read(n.id))}>Open visits</Link> : null}{' '}
                  {n.readAt ? null : (
                    <button type="button" className="button-secondary" disabled={action.pending} onClick={() => run(() => notificationsApi.read(n.id))}>
                      Mark read
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loadable>
    </section>
  );
}
