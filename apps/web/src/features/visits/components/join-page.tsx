import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { JoinGrant, JoinInfo } from '@telehealth/contracts/visits';
import { toApiError } from '../../../shared/api-client';
import { joinApi } from '../api';
import { useCall, useLocalMedia } from '../hooks/use-call';
import { CallView } from './call-view';
import { DeviceCheck } from './device-check';

/** The link's token, from the URL fragment (`/join#<token>`): fragments never reach a server or its logs. */
function tokenFromHash(): string {
  return window.location.hash.replace(/^#/, '');
}

function Consent({ token, info, onGranted }: { token: string; info: JoinInfo; onGranted: (g: JoinGrant) => void }) {
  const [agreed, setAgreed] = useState(false);
  const [birthDate, setBirthDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    joinApi
      .consent(token, info.consent.version, info.birthDateRequired ? birthDate : undefined)
      .then(onGranted)
      .catch((err: unknown) => setError(toApiError(err).message));
  };
  return (
    <form onSubmit={submit} aria-label="Consent">
      <h2>Before your video visit</h2>
      <pre className="consent-text">{info.consent.text}</pre>
      {info.birthDateRequired && (
        <label>
          Your date of birth <input type="date" required value={birthDate} onChange={(e) => setBirthDate(e.target.value)} />
        </label>
      )}
      <label>
        <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} /> I agree to a telehealth visit
      </label>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      <button type="submit" disabled={!agreed}>Continue</button>
    </form>
  );
}

function Room({ token, grant, stream }: { token: string; grant: JoinGrant; stream: MediaStream | null }) {
  const options = useMemo(
    () => ({ signallingPath: grant.signallingPath, hello: { type: 'hello' as const, joinToken: token }, iceServers: grant.iceServers, iceTransportPolicy: grant.iceTransportPolicy, local: stream }),
    [grant, token, stream],
  );
  const { call, state } = useCall(options);
  const [left, setLeft] = useState(false);
  if (!call || !state) return <p>Connecting…</p>;
  if (left || state.connection === 'closed') return <p role="status" data-testid="visit-over">{state.closeCode === 4410 ? 'The visit has ended. Thank you.' : 'You have left the visit.'}</p>;
  if (!state.me?.admitted) {
    const host = state.peers.find((p) => p.kind === 'host');
    return (
      <section aria-label="Waiting room">
        <h2>Waiting room</h2>
        <p role="status" data-testid="waiting-status">
          {host ? `${host.displayName} knows you are waiting and will let you in shortly.` : 'You are in the waiting room. Your clinician will see you here.'}
        </p>
        <CallView call={call} state={{ ...state, peers: [] }} local={stream} onLeave={() => (call.leave(), setLeft(true))} />
      </section>
    );
  }
  return <CallView call={call} state={state} local={stream} onLeave={() => (call.leave(), setLeft(true))} />;
}

/** `/join#<token>`: a patient or guest joins a visit with no account — consent, device check, waiting room, call. */
export function JoinPage() {
  const token = useMemo(tokenFromHash, []);
  const [info, setInfo] = useState<JoinInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [grant, setGrant] = useState<JoinGrant | null>(null);
  const [ready, setReady] = useState(false);
  const media = useLocalMedia(grant !== null);
  useEffect(() => {
    joinApi.lookup(token).then(setInfo).catch((err: unknown) => setError(toApiError(err).message));
  }, [token]);
  return (
    <main className="join-page">
      <title>Video visit · Telehealth</title>
      <h1>Video visit</h1>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      {info && !grant && <Consent token={token} info={info} onGranted={setGrant} />}
      {grant && !ready && <DeviceCheck grant={grant} stream={media.stream} error={media.error} onReady={() => setReady(true)} />}
      {grant && ready && <Room token={token} grant={grant} stream={media.stream} />}
    </main>
  );
}
