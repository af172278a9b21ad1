/**
 * Turns a rule's line specification into a claim line for the facts at hand: picks the code (E/M level by
 * MDM or time, or a time band), the modifiers, the place of service and the units.
 */
import type { ClaimLine, MdmLevel } from '@telehealth/contracts/billing';
import { compileWhen, evaluate } from './conditions.js';
import type { CodeSpec, FactKey, FactView, LineSpec, PosSpec, UnitSpec } from './rule-types.js';

export type Built = { line: ClaimLine } | { needs: FactKey[] | string[] } | { notBillable: string };

const MDM_RANK: Record<MdmLevel, number> = { straightforward: 0, low: 1, moderate: 2, high: 3 };

/** POS of the facility where the patient is (CMS Place of Service code set). */
const FACILITY_POS: Partial<Record<string, string>> = {
  physician_office: '11',
  hospital_outpatient: '22',
  hospital_emergency_department: '23',
  nursing_facility: '32',
};

/** Type of bill (NUBC UB-04 FL 4) by billing entity, for institutional claims. */
const TYPE_OF_BILL: Partial<Record<string, string>> = {
  FQHC: '0771',
  RHC: '0711',
  hospital_outpatient: '0131',
  critical_access_hospital: '0851',
};

type Part<T> = { value: T } | { needs: string[] } | { notBillable: string };

function pickCode(spec: CodeSpec, f: FactView): Part<string> {
  if (typeof spec === 'string') return { value: spec };
  if ('emTable' in spec) {
    // CPT E/M guidelines: the level is chosen by MDM or by total time on the date of the encounter; the
    // higher of the two that the documentation supports is the level.
    const mdm = f.get('mdmLevel');
    const time = f.get('totalTimeMinutes');
    if (mdm === undefined && time === undefined) return { needs: ['mdmLevel or totalTimeMinutes'] };
    let best: string | null = null;
    for (const level of spec.emTable) {
      const byMdm = mdm !== undefined && MDM_RANK[mdm] >= MDM_RANK[level.mdm];
      const byTime = time !== undefined && time >= level.minMinutes;
      if (byMdm || byTime) best = level.code;
    }
    return best ? { value: best } : { notBillable: spec.belowReason };
  }
  const v = f.get(spec.fact);
  if (typeof v !== 'number') return { needs: [spec.fact] };
  const band = spec.bands.find((b) => v >= b.min && (b.max === undefined || v <= b.max));
  return band ? { value: band.code } : { notBillable: spec.belowReason };
}

function pickPos(spec: PosSpec, f: FactView): Part<string | null> {
  if (spec === 'none') return { value: null };
  const location = f.get('patientLocation');
  if (spec === 'telehealth') {
    if (location === undefined) return { needs: ['patientLocation'] };
    return { value: location === 'home' ? '10' : '02' };
  }
  if (spec === 'usual') {
    const usual = f.get('usualInPersonPos');
    return usual ? { value: usual } : { needs: ['usualInPersonPos'] };
  }
  if (spec === 'patient_facility') {
    if (location === undefined) return { needs: ['patientLocation'] };
    const pos = FACILITY_POS[location];
    return pos ? { value: pos } : { notBillable: `the patient's location (${location}) is not a facility` };
  }
  return { value: spec.fixed };
}

/** Units from minutes (see UnitSpec); 0 when the minutes do not reach the first unit. */
export function unitsFrom(spec: UnitSpec, minutes: number): number {
  const past = minutes - spec.after;
  if (past < spec.from) return 0;
  const units = Math.floor((past - spec.from) / spec.per) + 1;
  return spec.max === undefined ? units : Math.min(units, spec.max);
}

function pickUnits(spec: UnitSpec | undefined, f: FactView): Part<number> {
  if (!spec) return { value: 1 };
  const v = f.get(spec.fact);
  if (typeof v !== 'number') return { needs: [spec.fact] };
  const units = unitsFrom(spec, v);
  return units > 0 ? { value: units } : { notBillable: `${spec.fact} (${v}) does not reach one unit` };
}

const whenCache = new WeakMap<object, ReturnType<typeof compileWhen>>();

function pickModifiers(spec: LineSpec, f: FactView): Part<string[]> {
  const out: string[] = [];
  for (const m of spec.modifiers ?? []) {
    if (typeof m === 'string') {
      out.push(m);
      continue;
    }
    let compiled = whenCache.get(m.when);
    if (!compiled) whenCache.set(m.when, (compiled = compileWhen(m.when)));
    const missing: FactKey[] = [];
    const r = evaluate(compiled, f, missing);
    if (r === undefined) return { needs: missing };
    if (r) out.push(m.mod);
  }
  return { value: out };
}

/**
 * Builds one claim line.
 * @param spec - the rule's line specification.
 * @param f - the facts (with derived facts and defaults).
 */
export function buildLine(spec: LineSpec, f: FactView): Built {
  const code = pickCode(spec.code, f);
  if (!('value' in code)) return code;
  const modifiers = pickModifiers(spec, f);
  if (!('value' in modifiers)) return modifiers;
  const pos = pickPos(spec.pos, f);
  if (!('value' in pos)) return pos;
  const units = pickUnits(spec.units, f);
  if (!('value' in units)) return units;
  const line: ClaimLine = { code: code.value, modifiers: modifiers.value, pos: pos.value, units: units.value };
  if (spec.revenueCode) line.revenueCode = spec.revenueCode;
  if (spec.typeOfBill === 'by_entity') {
    const entity = f.get('billingEntity');
    if (entity === undefined) return { needs: ['billingEntity'] };
    const tob = TYPE_OF_BILL[entity];
    if (!tob) return { notBillable: `no institutional type of bill for billing entity ${entity}` };
    line.typeOfBill = tob;
  } else if (spec.typeOfBill) line.typeOfBill = spec.typeOfBill;
  return { line };
}
