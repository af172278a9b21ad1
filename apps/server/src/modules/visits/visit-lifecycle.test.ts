import { describe, expect, it } from 'vitest';
import { VISIT_STATUSES, type VisitStatus } from '@telehealth/contracts/visits';
import { AppError } from '../../platform/errors.js';
import { VISIT_EVENTS, isTerminal, nextStatus, transition, type VisitEvent } from './visit-lifecycle.js';

/** The documented table (doc comment of visit-lifecycle.ts), written out independently of the code's table. */
const DOCUMENTED: [VisitStatus, VisitEvent, VisitStatus][] = [
  ['scheduled', 'patient_waiting', 'waiting'],
  ['scheduled', 'cancel', 'cancelled'],
  ['scheduled', 'no_show', 'no_show'],
  ['waiting', 'admit', 'in_progress'],
  ['waiting', 'cancel', 'cancelled'],
  ['waiting', 'no_show', 'no_show'],
  ['in_progress', 'drop', 'reconnecting'],
  ['in_progress', 'end', 'ended'],
  ['reconnecting', 'resume', 'in_progress'],
  ['reconnecting', 'grace_expired', 'in_progress'],
  ['reconnecting', 'end', 'ended'],
];

describe('visit lifecycle', () => {
  it.each(DOCUMENTED)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
  });

  it('refuses every pair not in the documented table with VISIT_TRANSITION_INVALID', () => {
    let refused = 0;
    for (const from of VISIT_STATUSES) {
      for (const event of VISIT_EVENTS) {
        if (DOCUMENTED.some(([f, e]) => f === from && e === event)) continue;
        expect(nextStatus(from, event), `${from} ${event}`).toBeNull();
        expect(() => transition(from, event)).toThrow(AppError);
        try {
          transition(from, event);
        } catch (err) {
          expect((err as AppError).code).toBe('VISIT_TRANSITION_INVALID');
        }
        refused++;
      }
    }
    expect(refused).toBe(VISIT_STATUSES.length * VISIT_EVENTS.length - DOCUMENTED.length);
  });

  it('has exactly ended, cancelled and no_show as terminal states', () => {
    expect(VISIT_STATUSES.filter(isTerminal).sort()).toEqual(['cancelled', 'ended', 'no_show']);
  });
});
