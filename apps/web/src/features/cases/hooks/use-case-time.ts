import { useEffect } from 'react';
import { api } from '../../../shared/api-client';

/** How often the open case page reports activity; the server credits at most one minute per beat. */
export const HEARTBEAT_MS = 30_000;

/**
 * Records time on a case while its page is open and visible (docs/cases.md#time-on-case): a heartbeat at
 * once and every 30 s; none while the tab is hidden, so time away is not counted. Failures are ignored (a
 * closed case takes no time; the page itself shows real errors).
 */
export function useCaseTimeHeartbeat(caseId: string): void {
  useEffect(() => {
    if (!caseId) return;
    const beat = () => {
      if (document.visibilityState !== 'visible') return;
      api.post(`/cases/${encodeURIComponent(caseId)}/time/heartbeat`).catch(() => undefined);
    };
    beat();
    const timer = window.setInterval(beat, HEARTBEAT_MS);
    document.addEventListener('visibilitychange', beat);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', beat);
    };
  }, [caseId]);
}
