import { useEffect, useState, useSyncExternalStore } from 'react';
import { Call, type CallOptions, type CallState } from './call';
import type { InboundCounters } from './peer-link';

declare global {
  interface Window {
    /** Inbound media counters of the current call, for support diagnostics and the browser tests. */
    telehealthCallStats?: () => Promise<Record<string, InboundCounters>>;
    telehealthCall?: Call;
  }
}

/** Runs a {@link Call} for the component's lifetime and re-renders on every state change. */
export function useCall(options: CallOptions | null): { call: Call | null; state: CallState | null } {
  const [call, setCall] = useState<Call | null>(null);
  useEffect(() => {
    if (!options) return undefined;
    const c = new Call(options);
    setCall(c);
    window.telehealthCall = c;
    window.telehealthCallStats = () => c.stats();
    return () => {
      c.leave();
      delete window.telehealthCall;
      delete window.telehealthCallStats;
    };
  }, [options]);
  const state = useSyncExternalStore(
    (fn) => (call ? call.subscribe(fn) : () => undefined),
    () => call?.state ?? null,
  );
  return { call, state };
}

/** Camera and microphone, asked once; stopped when the component goes. */
export function useLocalMedia(enabled: boolean): { stream: MediaStream | null; error: string | null } {
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return undefined;
    let live: MediaStream | null = null;
    let cancelled = false;
    navigator.mediaDevices
      .getUserMedia({ audio: true, video: { width: 640, height: 360 } })
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        live = s;
        setStream(s);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : 'Camera or microphone not available'));
    return () => {
      cancelled = true;
      live?.getTracks().forEach((t) => t.stop());
    };
  }, [enabled]);
  return { stream, error };
}
