import { useEffect, useState } from 'react';
import type { Call } from '../hooks/call';
import { listDevices } from '../hooks/local-media';

/** Camera and microphone pickers during the call; a change goes out on every link with `replaceTrack`. */
export function DevicePickers({ call, local }: { call: Call; local: MediaStream | null }) {
  const [devices, setDevices] = useState<{ cameras: MediaDeviceInfo[]; microphones: MediaDeviceInfo[] }>({ cameras: [], microphones: [] });
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => void listDevices().then((d) => live && setDevices(d)).catch(() => undefined);
    load();
    navigator.mediaDevices.addEventListener('devicechange', load);
    return () => {
      live = false;
      navigator.mediaDevices.removeEventListener('devicechange', load);
    };
  }, []);
  const current = (kind: 'audio' | 'video') => (kind === 'audio' ? local?.getAudioTracks()[0] : local?.getVideoTracks()[0])?.getSettings().deviceId ?? '';
  const pick = (kind: 'audio' | 'video', deviceId: string) => {
    setError(null);
    call.switchDevice(kind, deviceId).catch((e: unknown) => setError(e instanceof Error ? e.message : 'That device is not available.'));
  };
  return (
    <div className="visit-devices">
      <label>
        Camera{' '}
        <select aria-label="Camera" value={current('video')} onChange={(e) => pick('video', e.target.value)}>
          {devices.cameras.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `Camera ${i + 1}`}</option>)}
        </select>
      </label>{' '}
      <label>
        Microphone{' '}
        <select aria-label="Microphone" value={current('audio')} onChange={(e) => pick('audio', e.target.value)}>
          {devices.microphones.map((d, i) => <option key={d.deviceId} value={d.deviceId}>{d.label || `Microphone ${i + 1}`}</option>)}
        </select>
      </label>
      {error && <p className="alert alert-error" role="alert">{error}</p>}
    </div>
  );
}
