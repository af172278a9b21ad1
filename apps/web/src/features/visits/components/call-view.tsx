import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Call, CallState } from '../hooks/call';
import { DevicePickers } from './device-pickers';
import { MediaVideo } from './media-video';

function waited(since: string, now: number): string {
  const s = Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000));
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Waiting participants with their waiting time; Admit and Remove for the host and co-hosts only. */
function WaitingList({ call, state, moderate }: { call: Call; state: CallState; moderate: boolean }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const waiting = state.peers.filter((p) => !p.admitted);
  if (waiting.length === 0) return <p className="muted">Nobody is waiting.</p>;
  return (
    <ul className="waiting-list" aria-label="Waiting room">
      {waiting.map((p) => (
        <li key={p.participantId} data-testid="waiting-participant">
          <span>{p.displayName}</span> <span className="muted">({p.kind}, waiting {waited(p.since, now)})</span>{' '}
          {moderate && (
            <>
              <button type="button" onClick={() => call.send({ type: 'admit', participantId: p.participantId })}>Admit</button>{' '}
              <button type="button" className="secondary" onClick={() => call.send({ type: 'remove', participantId: p.participantId })}>Remove</button>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function Chat({ call, state }: { call: Call; state: CallState }) {
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    call.send({ type: 'chat', text: text.trim() });
    setText('');
  };
  return (
    <section className="visit-chat" aria-label="Chat">
      <ol data-testid="chat-log">
        {state.chat.map((m, i) => (
          <li key={i}>
            <strong>{m.displayName}:</strong> {m.text}
          </li>
        ))}
      </ol>
      <form onSubmit={submit}>
        <input aria-label="Chat message" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Send</button>
      </form>
    </section>
  );
}

/**
 * The call: remote and self video, mute, camera, audio only, chat, leave or end. `staffSlot` is shown to the
 * staff side only (participants, co-hosts, notes in the clinician's room page).
 */
export function CallView({ call, state, local, onLeave, staffSlot }: { call: Call; state: CallState; local: MediaStream | null; onLeave: () => void; staffSlot?: ReactNode }) {
  const [muted, setMuted] = useState(false);
  const [cameraOff, setCameraOff] = useState(false);
  const staff = state.me?.kind === 'host' || state.me?.kind === 'clinician';
  const host = state.me?.kind === 'host';
  const moderate = host || state.me?.cohost === true;
  const toggle = (kind: 'audio' | 'video', off: boolean) => local?.getTracks().filter((t) => t.kind === kind).forEach((t) => (t.enabled = !off));
  const [shareError, setShareError] = useState<string | null>(null);
  const remote = state.peers.filter((p) => p.admitted && call.links.has(p.participantId));
  const sharing = remote.filter((p) => state.remoteSharing.includes(p.participantId));
  const share = () => {
    setShareError(null);
    (state.sharing ? call.stopScreenShare() : call.startScreenShare()).catch((e: unknown) => setShareError(e instanceof Error ? e.message : 'Screen sharing is not available.'));
  };
  return (
    <div className="visit-call">
      <p role="status" data-testid="call-status">
        Visit {state.status?.replace('_', ' ') ?? 'connecting'}
        {state.connection === 'reconnecting' ? ' — reconnecting…' : ''}
      </p>
      {state.error && <p className="alert alert-error" role="alert">{state.error}</p>}
      {shareError && <p className="alert alert-error" role="alert">{shareError}</p>}
      {staff && <WaitingList call={call} state={state} moderate={moderate} />}
      {staff && staffSlot}
      {sharing.map((p) => (
        <figure key={`screen-${p.participantId}`} className="visit-screen">
          <MediaVideo stream={call.links.get(p.participantId)?.screenStream ?? null} muted label={`Screen of ${p.displayName}`} testId="remote-screen" />
          <figcaption>{p.displayName}’s screen</figcaption>
        </figure>
      ))}
      <div className="visit-videos">
        {remote.map((p) => (
          <figure key={p.participantId}>
            <MediaVideo stream={call.links.get(p.participantId)?.stream ?? null} muted={false} label={`Video of ${p.displayName}`} testId="remote-video" />
            <figcaption>
              {p.displayName}
              {state.reconnecting.includes(p.participantId) && <span data-testid="peer-reconnecting"> — reconnecting…</span>}
            </figcaption>
          </figure>
        ))}
        <figure>
          <MediaVideo stream={local} muted label="Your video" testId="self-video" />
          <figcaption>You</figcaption>
        </figure>
      </div>
      <div className="visit-controls">
        <button type="button" onClick={() => (toggle('audio', !muted), setMuted(!muted))}>{muted ? 'Unmute' : 'Mute'}</button>
        <button type="button" onClick={() => (toggle('video', !cameraOff), setCameraOff(!cameraOff))}>{cameraOff ? 'Camera on' : 'Camera off'}</button>
        <button type="button" onClick={() => void call.setModality(state.modality === 'video' ? 'audio_only' : 'video')}>
          {state.modality === 'video' ? 'Audio only' : 'Back to video'}
        </button>
        <button type="button" onClick={share} disabled={!state.me?.admitted}>{state.sharing ? 'Stop sharing' : 'Share screen'}</button>
        {host ? (
          <button type="button" className="danger" onClick={() => call.send({ type: 'end' })}>End visit</button>
        ) : (
          <button type="button" className="danger" onClick={onLeave}>Leave</button>
        )}
      </div>
      <DevicePickers call={call} local={local} />
      <Chat call={call} state={state} />
    </div>
  );
}
