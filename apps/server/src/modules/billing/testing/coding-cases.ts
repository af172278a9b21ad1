/** Helpers for the coding case tables: compact expectations ("99214 @10", "99213-93 @10 x1"). */
import type { CodingResult, EncounterFacts } from '@telehealth/contracts/billing';

export interface Case {
  name: string;
  /** The document the expectation comes from. */
  source: string;
  facts: EncounterFacts;
  /** Lines as "CODE[-MOD…] @POS [xUNITS] [rev …] [tob …]", or "not billable: <fragment>", "held", "needs: a, b". */
  expect: string;
}

/** One line in the compact form. */
export function lineText(l: CodingResult['lines'][number]): string {
  const mods = l.modifiers.length ? `-${l.modifiers.join('-')}` : '';
  const pos = l.pos === null ? '' : ` @${l.pos}`;
  const units = l.units === 1 ? '' : ` x${l.units}`;
  const inst = `${l.revenueCode ? ` rev ${l.revenueCode}` : ''}${l.typeOfBill ? ` tob ${l.typeOfBill}` : ''}`;
  return `${l.code}${mods}${pos}${units}${inst}`;
}

/** The result in the compact form the case tables use. */
export function summary(r: CodingResult): string {
  if (r.needs.length > 0) return `needs: ${r.needs.join(', ')}`;
  if (!r.billable) return r.notBillableReason?.startsWith('held:') ? 'held' : `not billable: ${r.notBillableReason ?? ''}`;
  return r.lines.map(lineText).join(', ');
}

/** Checks a summary against an expectation ("not billable: x" matches when the reason contains x). */
export function matches(actual: string, expected: string): boolean {
  if (expected.startsWith('not billable: ')) return actual.startsWith('not billable: ') && actual.includes(expected.slice(14));
  return actual === expected;
}
