import { describe, expect, it } from 'vitest';
import { CASE_STATES } from '@telehealth/contracts/cases';
import { CASE_TRANSITIONS, transition, type CaseEventName } from './case-lifecycle.js';

const EVENTS: CaseEventName[] = [
  'submit', 'withdraw', 'claim', 'assign', 'start_review', 'reassign', 'ask', 'sign', 'return', 'reply', 'resubmit', 'amend', 'acknowledge', 'close',
];

// The documented table (case-lifecycle.ts doc comment and docs/cases.md), written out independently.
const DOCUMENTED: [string, CaseEventName, string][] = [
  ['draft', 'submit', 'submitted'],
  ['draft', 'withdraw', 'withdrawn'],
  ['submitted', 'claim', 'assigned'],
  ['submitted', 'assign', 'assigned'],
  ['submitted', 'withdraw', 'withdrawn'],
  ['assigned', 'start_review', 'in_review'],
  ['assigned', 'reassign', 'assigned'],
  ['assigned', 'withdraw', 'withdrawn'],
  ['in_review', 'ask', 'awaiting_information'],
  ['in_review', 'sign', 'answered'],
  ['in_review', 'return', 'returned'],
  ['in_review', 'reassign', 'assigned'],
  ['in_review', 'withdraw', 'withdrawn'],
  ['awaiting_information', 'reply', 'in_review'],
  ['awaiting_information', 'withdraw', 'withdrawn'],
  ['returned', 'resubmit', 'submitted'],
  ['returned', 'withdraw', 'withdrawn'],
  ['answered', 'amend', 'answered'],
  ['answered', 'acknowledge', 'acknowledged'],
  ['acknowledged', 'amend', 'answered'],
  ['acknowledged', 'close', 'closed'],
];

describe('case lifecycle', () => {
  it('makes every documented transition', () => {
    for (const [from, event, to] of DOCUMENTED) expect(transition(from as never, event), `${from} --${event}-->`).toBe(to);
  });

  it('refuses every other (state, event) pair with CASE_TRANSITION_INVALID', () => {
    let refused = 0;
    for (const from of CASE_STATES) {
      for (const event of EVENTS) {
        if (DOCUMENTED.some(([f, e]) => f === from && e === event)) continue;
        expect(() => transition(from, event), `${from} --${event}-->`).toThrow(expect.objectContaining({ code: 'CASE_TRANSITION_INVALID' }));
        refused++;
      }
    }
    expect(refused).toBe(CASE_STATES.length * EVENTS.length - DOCUMENTED.length);
  });

  it('has no transition that the documentation does not list, and closed and withdrawn are final', () => {
    const inTable = Object.entries(CASE_TRANSITIONS).flatMap(([from, evs]) => Object.entries(evs).map(([e, to]) => `${from} ${e} ${to}`));
    expect(inTable.sort()).toEqual(DOCUMENTED.map((d) => d.join(' ')).sort());
    expect(CASE_TRANSITIONS.closed).toEqual({});
    expect(CASE_TRANSITIONS.withdrawn).toEqual({});
  });
});
