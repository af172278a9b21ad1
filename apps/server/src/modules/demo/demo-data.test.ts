import { describe, expect, it } from 'vitest';
import { SITE_KINDS } from '@telehealth/contracts/identity';
import { DEMO_PASSWORD, DEMO_SITES, DEMO_USERS, PATIENT_LOGIN_MRN, demoPatients } from './demo-data.js';

describe('demo health system data', () => {
  const siteNames = new Set(DEMO_SITES.map((s) => s.name));

  it('has a hospital with an emergency department, two clinics and a pharmacy hub with three remote pharmacies', () => {
    const kinds = DEMO_SITES.map((s) => s.kind);
    expect(kinds.filter((k) => k === 'hospital')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'emergency_department')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'clinic')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'pharmacy')).toHaveLength(4);
    expect(kinds.every((k) => SITE_KINDS.includes(k))).toBe(true);
    expect(siteNames.size).toBe(DEMO_SITES.length);
    for (const s of DEMO_SITES)
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: s.timeZone })).not.toThrow();
  });

  it('gives every login a unique email and roles at existing sites', () => {
    expect(new Set(DEMO_USERS.map((u) => u.login)).size).toBe(DEMO_USERS.length);
    for (const u of DEMO_USERS)
      for (const r of u.roles) if (r.site !== null) expect(siteNames.has(r.site)).toBe(true);
    const specialties = DEMO_USERS.flatMap((u) => u.roles.flatMap((r) => r.specialties ?? []));
    expect(specialties.sort()).toEqual([
      'cardiology',
      'dermatology',
      'ophthalmology',
      'radiology',
      'urology',
    ]);
    expect(DEMO_USERS.flatMap((u) => u.roles.flatMap((r) => r.languages ?? [])).sort()).toEqual(['es', 'vi']);
  });

  it('uses a password that passes the policy for every login (no login name inside it)', () => {
    expect(DEMO_PASSWORD.length).toBeGreaterThanOrEqual(12);
    for (const u of DEMO_USERS) expect(DEMO_PASSWORD.toLowerCase()).not.toContain(u.login);
  });

  it('spreads about 36 patients with unique MRNs over the sites, some speaking es and vi', () => {
    const patients = demoPatients();
    expect(patients.length).toBeGreaterThanOrEqual(30);
    expect(new Set(patients.map((p) => p.mrn)).size).toBe(patients.length);
    expect(patients.every((p) => siteNames.has(p.site))).toBe(true);
    expect(new Set(patients.map((p) => p.site)).size).toBe(DEMO_SITES.length);
    expect(patients.filter((p) => p.preferredLanguage === 'es').length).toBeGreaterThanOrEqual(3);
    expect(patients.filter((p) => p.preferredLanguage === 'vi').length).toBeGreaterThanOrEqual(3);
    expect(patients.find((p) => p.mrn === PATIENT_LOGIN_MRN)?.email).toBe('patient@highplains.example');
    expect(patients.every((p) => /^\(\d{3}\) 555-01\d{2}$/.test(p.phone ?? ''))).toBe(true);
  });
});
