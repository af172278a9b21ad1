/** The engine itself: needs, determinism, coverage of every service × profile × year, rule data hygiene. */
import { describe, expect, it } from 'vitest';
import { PAYER_PROFILES, SERVICE_TYPES, type EncounterFacts } from '@telehealth/contracts/billing';
import { codeEncounter, codeEncounters } from './coding.js';
import { compileRuleSets } from './coding-engine.js';
import { unitsFrom } from './line-builder.js';
import { RULE_SETS } from './rules/catalogue.js';

const base: EncounterFacts = { dateOfService: '2025-03-10', payerProfile: 'medicare_ffs', serviceType: 'synchronous_telehealth_em' };

describe('coding engine', () => {
  it('asks for the facts that decide, never guesses', () => {
    expect(codeEncounter({}).needs).toEqual(['dateOfService', 'payerProfile', 'serviceType']);
    const r = codeEncounter({ ...base, modality: 'audio_video', patientLocation: 'home' });
    expect(r).toMatchObject({ billable: false, lines: [], needs: ['patientStatus'] });
    expect(r.notBillableReason).toBe('needs: patientStatus');
    expect(codeEncounter({ ...base, modality: 'audio_video', patientLocation: 'home', patientStatus: 'new' }).needs).toEqual(['mdmLevel or totalTimeMinutes']);
  });

  it('lists every fact the remaining rules read when undecided', () => {
    const r = codeEncounter({ ...base, serviceType: 'remote_physiologic_monitoring' });
    expect(r.needs).toEqual(expect.arrayContaining(['deviceFdaMedicalDevice', 'autoTransmission', 'patientConsentDocumented', 'daysWithReadings']));
  });

  it('does not ask for facts a false condition makes irrelevant', () => {
    // in_person fails the modality gate whatever else is missing
    const r = codeEncounter({ ...base, modality: 'in_person' });
    expect(r.needs).toEqual([]);
    expect(r.notBillableReason).toMatch(/not a synchronous telehealth encounter/);
  });

  it('answers dates outside the shipped years with a reason', () => {
    expect(codeEncounter({ ...base, dateOfService: '2027-01-04' }).notBillableReason).toBe('no medicare_ffs rule set for dates of service in 2027');
  });

  it('warns when payer and profile disagree', () => {
    const r = codeEncounter({ ...base, payer: 'commercial', modality: 'audio_video', patientLocation: 'home', patientStatus: 'new', mdmLevel: 'low' });
    expect(r.warnings).toContain('payer commercial does not match payer profile medicare_ffs');
  });

  it('is deterministic: the same facts always give the same result, in any key order', () => {
    const facts: EncounterFacts = { ...base, modality: 'audio_only', patientLocation: 'home', patientStatus: 'established', mdmLevel: 'moderate', practitionerVideoCapable: true, patientVideoCapable: false };
    const reversed = Object.fromEntries(Object.entries(facts).reverse()) as EncounterFacts;
    const first = JSON.stringify(codeEncounter(facts));
    for (let i = 0; i < 100; i++) expect(JSON.stringify(codeEncounter(i % 2 ? reversed : facts))).toBe(first);
    expect(JSON.stringify(codeEncounters([facts, facts]))).toBe(`[${first},${first}]`);
  });

  it('does not change the facts it is given', () => {
    const facts: EncounterFacts = { ...base, modality: 'audio_video', patientLocation: 'home', patientStatus: 'new', mdmLevel: 'low', followupVisit: { modality: 'audio_video' } };
    const copy = structuredClone(facts);
    codeEncounter(facts);
    expect(facts).toEqual(copy);
  });

  it('decides every service on every profile in 2025 and 2026 (a line, a reason, a hold or needs)', () => {
    const compiled = compileRuleSets(RULE_SETS);
    for (const y of [2025, 2026]) {
      for (const profile of PAYER_PROFILES) {
        const set = compiled.get(`${y}:${profile}`);
        expect(set, `${y}:${profile}`).toBeDefined();
        for (const s of SERVICE_TYPES) expect(set?.byService.get(s)?.length ?? 0, `${y} ${profile} ${s}`).toBeGreaterThan(0);
      }
    }
  });

  it('gives every rule an id, a source and effective dates inside its year', () => {
    for (const set of RULE_SETS) {
      const ids = new Set<string>();
      for (const r of [...set.rules, ...set.addOns]) {
        expect(r.source.length, r.id).toBeGreaterThan(10);
        expect(r.from >= `${set.year}-01-01` && r.to <= `${set.year}-12-31`, r.id).toBe(true);
        expect(ids.has(r.id), `duplicate ${r.id} in ${set.year}:${set.profile}`).toBe(false);
        ids.add(r.id);
      }
    }
  });

  it('counts units by the 8-minute rule and by full additional periods', () => {
    const eight = { fact: 'totalTimeMinutes', after: 0, per: 15, from: 8 } as const;
    expect([7, 8, 22, 23, 37, 38].map((m) => unitsFrom(eight, m))).toEqual([0, 1, 1, 2, 2, 3]);
    const add20 = { fact: 'treatmentMgmtMinutesCalendarMonth', after: 20, per: 20, from: 20 } as const;
    expect([39, 40, 59, 60].map((m) => unitsFrom(add20, m))).toEqual([0, 1, 1, 2]);
  });
});
