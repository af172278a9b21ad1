/**
 * Rule conditions in three-valued (Kleene) logic: a condition is true, false, or unknown because a fact it
 * reads is missing. A false part makes the whole false whatever is missing, so only facts that could change
 * the decision are ever asked for ("needs").
 */
import type { FactKey, FactView, Matcher, Scalar, When } from './rule-types.js';

/** A condition compiled once at load: its entries as an array, alternatives compiled too. */
export interface CompiledWhen {
  entries: readonly (readonly [FactKey, Matcher])[];
  any: readonly CompiledWhen[] | null;
}

export function compileWhen(when: When): CompiledWhen {
  const entries: (readonly [FactKey, Matcher])[] = [];
  for (const [key, matcher] of Object.entries(when)) {
    if (key === '$any' || matcher === undefined) continue;
    entries.push([key as FactKey, matcher as Matcher]);
  }
  return { entries, any: when.$any ? when.$any.map(compileWhen) : null };
}

function matchOne(value: Scalar | undefined, m: Matcher): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof m !== 'object') return value === m;
  if ('in' in m) return m.in.includes(value);
  if ('notIn' in m) return !m.notIn.includes(value);
  if (typeof value !== 'number') return false;
  return (
    (m.lt === undefined || value < m.lt) &&
    (m.lte === undefined || value <= m.lte) &&
    (m.gt === undefined || value > m.gt) &&
    (m.gte === undefined || value >= m.gte)
  );
}

/**
 * Evaluates a condition. On `undefined` (unknown) the facts that would decide it are appended to `missing`.
 * @param w - the compiled condition.
 * @param facts - the encounter facts with derived facts and defaults.
 * @param missing - collects the names of missing facts when the answer is unknown.
 */
export function evaluate(w: CompiledWhen, facts: FactView, missing: FactKey[]): boolean | undefined {
  const unknown: FactKey[] = [];
  for (const [key, matcher] of w.entries) {
    const r = matchOne(facts.get(key), matcher);
    if (r === false) return false;
    if (r === undefined) unknown.push(key);
  }
  if (w.any) {
    const branchMissing: FactKey[] = [];
    let anyTrue = false;
    let anyUnknown = false;
    for (const alt of w.any) {
      const r = evaluate(alt, facts, branchMissing);
      if (r === true) anyTrue = true;
      else if (r === undefined) anyUnknown = true;
    }
    if (!anyTrue && !anyUnknown) return false;
    if (!anyTrue) unknown.push(...branchMissing);
  }
  if (unknown.length > 0) {
    missing.push(...unknown);
    return undefined;
  }
  return true;
}
