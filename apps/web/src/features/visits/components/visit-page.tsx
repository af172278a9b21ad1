import { Link, useParams } from 'react-router';
import { formatDateTime } from '../../../shared/labels';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { visitsApi } from '../api';

/** One visit at a glance: time, status, reason, the consult it follows up (if any), and the way into the room. */
export function VisitPage() {
  const { visitId = '' } = useParams();
  const data = useResource((signal) => visitsApi.get(visitId, signal), `visit:${visitId}`);
  return (
    <section>
      <PageHeader title="Visit" />
      <Loadable {...data}>
        {(v) => (
          <div className="card">
            <dl>
              <div><dt>Start</dt><dd>{v.scheduledStart ? formatDateTime(v.scheduledStart) : 'On demand'}</dd></div>
              <div><dt>Duration</dt><dd>{v.durationMinutes} min</dd></div>
              <div><dt>Status</dt><dd data-testid="visit-status">{v.status.replace('_', ' ')}</dd></div>
              <div><dt>Modality</dt><dd>{v.modality.replace('_', ' ')}</dd></div>
              <div><dt>Reason</dt><dd className="message-body">{v.reason}</dd></div>
              {v.caseId ? (
                <div><dt>Follows up</dt><dd><Link to={`/cases/${v.caseId}`}>the specialist consult</Link></dd></div>
              ) : null}
            </dl>
            <p><Link to={`/visits/${v.id}/room`}>Open room</Link></p>
          </div>
        )}
      </Loadable>
    </section>
  );
}
