import { useMemo } from 'react';
import { useParams } from 'react-router';
import { Loadable, PageHeader } from '../../../shared/ui';
import { useResource } from '../../../shared/use-resource';
import { visitsApi } from '../api';
import { useCall, useLocalMedia } from '../hooks/use-call';
import { CallView } from './call-view';
import { RoomPeople } from './room-people';
import { VisitNotes } from './visit-notes';

/**
 * The signed-in staff member's room (the host, or a clinician invited by account): waiting participants live with
 * their waiting time, admit/remove (host and co-hosts), co-hosts and invitations (host), notes, and the call.
 */
export function VisitRoomPage() {
  const { visitId = '' } = useParams();
  const grant = useResource((signal) => visitsApi.connection(visitId, signal), `grant:${visitId}`);
  const media = useLocalMedia(grant.data !== undefined);
  const options = useMemo(
    () =>
      grant.data && media.stream
        ? { signallingPath: grant.data.signallingPath, hello: { type: 'hello' as const, visitId }, iceServers: grant.data.iceServers, iceTransportPolicy: grant.data.iceTransportPolicy, local: media.stream }
        : null,
    [grant.data, media.stream, visitId],
  );
  const { call, state } = useCall(options);
  return (
    <section>
      <PageHeader title="Visit room" />
      {media.error && <p className="alert alert-error" role="alert">{media.error}</p>}
      <Loadable data={grant.data} error={grant.error} loading={grant.loading}>
        {() =>
          call && state ? (
            <CallView
              call={call}
              state={state}
              local={media.stream}
              onLeave={() => call.leave()}
              staffSlot={
                <>
                  <RoomPeople visitId={visitId} call={call} state={state} />
                  {(state.me?.kind === 'host' || state.me?.cohost) && <VisitNotes visitId={visitId} />}
                </>
              }
            />
          ) : (
            <p>Connecting…</p>
          )
        }
      </Loadable>
    </section>
  );
}
