/**
 * The shipped coding engine: the compiled catalogue of rule sets and the functions the service, the CLI
 * (through ops.ts) and the benchmark call.
 */
import type { CodingResult, EncounterFacts } from '@telehealth/contracts/billing';
import { codeWith, compileRuleSets } from './coding-engine.js';
import { RULE_SETS } from './rules/catalogue.js';

const COMPILED = compileRuleSets(RULE_SETS);

/**
 * Codes one encounter with the shipped rules (pure and deterministic).
 * @param facts - encounter facts (docs/billing.md).
 */
export function codeEncounter(facts: EncounterFacts): CodingResult {
  return codeWith(facts, COMPILED);
}

/**
 * Codes one encounter or an array of them, answering in the same shape.
 * @param input - one facts object or an array.
 */
export function codeEncounters(input: EncounterFacts | readonly EncounterFacts[]): CodingResult | CodingResult[] {
  return Array.isArray(input) ? input.map(codeEncounter) : codeEncounter(input as EncounterFacts);
}
