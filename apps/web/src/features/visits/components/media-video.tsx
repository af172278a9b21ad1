import { useEffect, useRef } from 'react';

/** A <video> bound to a MediaStream (muted for the self view so the microphone does not echo). */
export function MediaVideo({ stream, muted, label, testId }: { stream: MediaStream | null; muted: boolean; label: string; testId: string }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return <video ref={ref} className="visit-video" autoPlay playsInline muted={muted} aria-label={label} data-testid={testId} />;
}
