/**
 * The coding engine: a pure function of the encounter facts and the rule sets. Same facts, same result —
 * no clock, no I/O, no randomness. Rules are data (rules/<year>/<profile>.ts); see docs/billing.md.
 *
 * Evaluation: the rule set is chosen by the year of `dateOfService` and `payerProfile`; derived facts are
 * added; the service's rules run in order. A rule whose condition is false is skipped; one whose condition
 * is unknown (a fact it reads is missing) stops evaluation with `needs`; a matching rule applies its effect
 * (warn and go on; add a line and stop unless `more`; hold; not billable). Add-ons then run on billable lines.
 */
import { SERVICE_TYPES, type ClaimLine, type CodingResult, type EncounterFacts, type RuleRef, type ServiceType } from '@telehealth/contracts/billing';
import { compileWhen, evaluate, type CompiledWhen } from './conditions.js';
import { buildLine } from './line-builder.js';
import { FactView, type DerivedFacts, type FactKey, type Rule, type RuleSet } from './rule-types.js';

interface CompiledRule {
  rule: Rule;
  when: CompiledWhen | null;
  ref: RuleRef;
}
export interface CompiledRuleSet {
  set: RuleSet;
  byService: Map<ServiceType, CompiledRule[]>;
  addOnsByService: Map<ServiceType, CompiledRule[]>;
}

/** How a missing derived fact is asked for: by the facts it is derived from. */
const NEED_NAMES: Partial<Record<FactKey, string>> = {
  periodDays: 'periodStart and periodEnd',
  videoDeclined: 'patientVideoCapable and patientConsentsVideo',
  medicareTelehealthLapsed: 'dateOfService',
};

const compile = (rule: Rule): CompiledRule => ({
  rule,
  when: rule.when ? compileWhen(rule.when) : null,
  ref: { id: rule.id, source: rule.source },
});

function index(rules: readonly Rule[]): Map<ServiceType, CompiledRule[]> {
  const byService = new Map<ServiceType, CompiledRule[]>();
  for (const rule of rules) {
    const c = compile(rule);
    for (const s of rule.services === 'all' ? SERVICE_TYPES : rule.services) {
      const list = byService.get(s) ?? [];
      list.push(c);
      byService.set(s, list);
    }
  }
  return byService;
}

/** Indexes rule sets by `year:profile` and their rules by service (done once at load). */
export function compileRuleSets(sets: readonly RuleSet[]): Map<string, CompiledRuleSet> {
  const out = new Map<string, CompiledRuleSet>();
  for (const set of sets) {
    out.set(`${set.year}:${set.profile}`, { set, byService: index(set.rules), addOnsByService: index(set.addOns) });
  }
  return out;
}

const DAY_MS = 86_400_000;

/** The facts seen through derived facts and the rule set's defaults for absent optional flags. */
export function deriveFacts(input: EncounterFacts, set: RuleSet, dos: string): FactView {
  const derived: DerivedFacts = { medicareTelehealthLapsed: set.lapseWindows.some((w) => dos >= w.from && dos <= w.to) };
  if (input.periodStart && input.periodEnd) {
    derived.periodDays = Math.round((Date.parse(input.periodEnd) - Date.parse(input.periodStart)) / DAY_MS) + 1;
  }
  const { patientVideoCapable: capable, patientConsentsVideo: consents } = input;
  if (capable === false || consents === false) derived.videoDeclined = true;
  else if (capable === true && consents === true) derived.videoDeclined = false;
  return new FactView(input, derived, set.defaults);
}

interface Outcome {
  lines: ClaimLine[];
  warnings: string[];
  applied: RuleRef[];
  needs: string[];
  stop: string | null;
}

const needName = (k: string): string => NEED_NAMES[k as FactKey] ?? k;

function runRules(rules: readonly CompiledRule[], f: FactView, dos: string, o: Outcome, addOn: boolean): void {
  let undecided = false;
  for (const c of rules) {
    if (dos < c.rule.from || dos > c.rule.to) continue;
    const missing: FactKey[] = [];
    const ok = c.when ? evaluate(c.when, f, missing) : true;
    if (ok === false) continue;
    if (ok === undefined || undecided) {
      // Undecided: nothing more is applied, but the later rules' missing facts are asked for too, so one
      // answer lists every fact that could still matter.
      o.needs.push(...missing.map(needName));
      undecided = true;
      continue;
    }
    const t = c.rule.then;
    o.applied.push(c.ref);
    if ('warn' in t) o.warnings.push(t.warn);
    else if ('hold' in t) return void (o.stop = `held: ${t.hold}`);
    else if ('notBillable' in t) return void (o.stop = t.notBillable);
    else if ('addModifier' in t) {
      for (const l of o.lines) if (l.modifiers.length < 4 && !l.modifiers.includes(t.addModifier)) l.modifiers.push(t.addModifier);
    } else {
      const built = buildLine(t.line, f);
      if ('needs' in built) return void o.needs.push(...built.needs.map(needName));
      if ('notBillable' in built) return void (o.stop = built.notBillable);
      o.lines.push(built.line);
      if (!c.rule.more && !addOn) return;
    }
  }
}

function finish(o: Outcome): CodingResult {
  const needs = [...new Set(o.needs)];
  if (needs.length > 0) {
    return { billable: false, lines: [], notBillableReason: `needs: ${needs.join(', ')}`, needs, warnings: o.warnings, rulesApplied: o.applied };
  }
  if (o.stop !== null || o.lines.length === 0) {
    const reason = o.stop ?? `no billable component: ${o.warnings.at(-1) ?? 'no rule produced a line'}`;
    return { billable: false, lines: [], notBillableReason: reason, needs: [], warnings: o.warnings, rulesApplied: o.applied };
  }
  return { billable: true, lines: o.lines, notBillableReason: null, needs: [], warnings: o.warnings, rulesApplied: o.applied };
}

const empty = (): Outcome => ({ lines: [], warnings: [], applied: [], needs: [], stop: null });

/**
 * Codes one encounter.
 * @param input - the encounter facts (contracts/billing.ts, docs/billing.md).
 * @param sets - the compiled rule sets (the shipped ones by default: rules/catalogue.ts).
 */
export function codeWith(input: EncounterFacts, sets: Map<string, CompiledRuleSet>): CodingResult {
  const o = empty();
  const { dateOfService: dos, payerProfile, serviceType } = input;
  if (!dos) o.needs.push('dateOfService');
  if (!payerProfile) o.needs.push('payerProfile');
  if (!serviceType) o.needs.push('serviceType');
  if (!dos || !payerProfile || !serviceType) return finish(o);
  const year = dos.slice(0, 4);
  const compiled = sets.get(`${year}:${payerProfile}`);
  if (!compiled) {
    o.stop = `no ${payerProfile} rule set for dates of service in ${year}`;
    return finish(o);
  }
  if ((input.payer === 'medicare') !== (payerProfile === 'medicare_ffs') && input.payer !== undefined) {
    o.warnings.push(`payer ${input.payer} does not match payer profile ${payerProfile}`);
  }
  const f = deriveFacts(input, compiled.set, dos);
  runRules(compiled.byService.get(serviceType) ?? [], f, dos, o, false);
  if (o.needs.length === 0 && o.stop === null && o.lines.length > 0) {
    runRules(compiled.addOnsByService.get(serviceType) ?? [], f, dos, o, true);
  }
  return finish(o);
}
