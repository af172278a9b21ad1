import { useEffect, useState } from 'react';
import type { JoinGrant } from '@telehealth/contracts/visits';
import { LevelMeter } from './level-meter';
import { MediaVideo } from './media-video';

type Check = 'checking' | 'ok' | 'failed';

/**
 * Gathers ICE candidates with the visit's ICE servers: a `relay` candidate proves the TURN server answers with
 * our credentials; with relay-only policy nothing else counts.
 */
function useConnectionCheck(grant: JoinGrant): Check {
  const [check, setCheck] = useState<Check>('checking');
  useEffect(() => {
    const pc = new RTCPeerConnection({ iceServers: grant.iceServers, iceTransportPolicy: grant.iceTransportPolicy });
    const wantRelay = grant.iceServers.length > 0;
    pc.onicecandidate = (e) => {
      if (e.candidate && (!wantRelay || e.candidate.type === 'relay')) setCheck('ok');
      if (!e.candidate) setCheck((c) => (c === 'ok' ? c : 'failed'));
    };
    pc.createDataChannel('check');
    void pc.createOffer().then((o) => pc.setLocalDescription(o));
    return () => pc.close();
  }, [grant]);
  return check;
}

function testTone(): void {
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  osc.frequency.value = 440;
  osc.connect(ctx.destination);
  osc.start();
  osc.stop(ctx.currentTime + 0.6);
  osc.onended = () => void ctx.close();
}

const LABEL: Record<Check, string> = { checking: 'Checking the connection…', ok: 'Connection works', failed: 'The connection check failed' };

/** Camera preview, microphone level, a speaker test tone and a connection check before the waiting room. */
export function DeviceCheck({ grant, stream, error, onReady }: { grant: JoinGrant; stream: MediaStream | null; error: string | null; onReady: () => void }) {
  const check = useConnectionCheck(grant);
  return (
    <section aria-label="Device check">
      <h2>Check your camera and microphone</h2>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
      <MediaVideo stream={stream} muted label="Camera preview" testId="preview-video" />
      <LevelMeter stream={stream} />
      <p>
        <button type="button" className="secondary" onClick={testTone}>Play test sound</button>
      </p>
      <p role="status" data-testid="connection-check">{LABEL[check]}</p>
      <button type="button" disabled={!stream || check !== 'ok'} onClick={onReady}>Go to the waiting room</button>
    </section>
  );
}
