/**
 * Remote physiologic monitoring (blood pressure): setup (99453), device supply by days of readings (99454;
 * 2026: 99445 for 2-15 days), treatment management by minutes in the calendar month (99457, 99458; 2026:
 * 99470 for the first 10 minutes). One 30-day period per facts object; each component is its own line.
 */
import type { Rule } from '../rule-types.js';
import type { Period } from './period.js';
import { SRC } from './sources.js';

const S = ['remote_physiologic_monitoring'] as const;
const SRC_RPM = `${SRC.cptRpm}; ${SRC.cmsRpm}`;
const MGMT = 'treatmentMgmtMinutesCalendarMonth';

/** Conditions common to every year: device, transmission, consent, one practitioner, no RTM, 30 days. */
function gates(p: Period): Rule[] {
  const nb = (id: string, when: Rule['when'], reason: string): Rule => ({ id: `rpm.${id}`, ...p, source: SRC.cmsRpm, services: S, when, then: { notBillable: reason } });
  return [
    nb('device', { deviceFdaMedicalDevice: false }, 'the device must meet the FDA definition of a medical device'),
    nb('auto-transmission', { autoTransmission: false }, 'readings must be transmitted automatically, not self-reported'),
    nb('consent', { patientConsentDocumented: false }, 'the patient\'s consent must be documented'),
    nb('established', { patientStatus: 'new' }, 'RPM is for an established patient'),
    nb('one-practitioner', { otherPractitionerBillingRpmSamePeriod: true }, 'another practitioner bills RPM for this period: only one may bill per 30 days'),
    nb('rtm', { rtmBilledSamePeriod: true }, 'remote therapeutic monitoring is billed for the same period: RPM and RTM are not billed together'),
    nb('period', { periodDays: { gt: 30 } }, 'an RPM period is at most 30 days'),
  ];
}

const line = (id: string, p: Period, source: string, when: Rule['when'], code: string, units?: NonNullable<Extract<Rule['then'], { line: unknown }>['line']['units']>): Rule => ({
  id: `rpm.${id}`, ...p, source, services: S, when, more: true, then: { line: { code, pos: 'usual', ...(units ? { units } : {}) } },
});
const warn = (id: string, p: Period, source: string, when: Rule['when'], message: string): Rule => ({ id: `rpm.${id}`, ...p, source, services: S, when, then: { warn: message } });

function management(p: Period): Rule[] {
  return [
    warn('99457.interactive', p, SRC.cptRpm, { [MGMT]: { gte: 20 }, interactiveCommunication: false }, 'treatment management without an interactive communication: 99457 not billable'),
    line('99457', p, SRC_RPM, { [MGMT]: { gte: 20 }, interactiveCommunication: true }, '99457'),
    line('99458', p, SRC_RPM, { [MGMT]: { gte: 40 }, interactiveCommunication: true }, '99458', { fact: MGMT, after: 20, per: 20, from: 20 }),
  ];
}

/** CY2025: 16 days of readings for 99453/99454; 20 minutes for 99457. */
export function rpm2025(p: Period): Rule[] {
  return [
    ...gates(p),
    warn('99453.days', p, SRC.cptRpm, { setupAndEducationThisPeriod: true, daysWithReadings: { lt: 16 } }, 'fewer than 16 days of readings: 99453 not billable (2025)'),
    line('99453', p, SRC_RPM, { setupAndEducationThisPeriod: true, daysWithReadings: { gte: 16 } }, '99453'),
    warn('99454.days', p, SRC.cptRpm, { daysWithReadings: { lt: 16 } }, 'fewer than 16 days of readings: 99454 not billable (2025)'),
    line('99454', p, SRC_RPM, { daysWithReadings: { gte: 16 } }, '99454'),
    warn('99457.minutes', p, SRC.cptRpm, { [MGMT]: { lt: 20 } }, 'under 20 minutes of treatment management in the month: 99457 not billable'),
    ...management(p),
  ];
}

/** CY2026: 99445 for 2-15 days; 99470 for 10-19 minutes; 99453 from 2 days. */
export function rpm2026(p: Period): Rule[] {
  const src = `${SRC.rpm2026}; ${SRC.cmsRpm}`;
  return [
    ...gates(p),
    warn('99453.days', p, SRC.rpm2026, { setupAndEducationThisPeriod: true, daysWithReadings: { lt: 2 } }, 'fewer than 2 days of readings: 99453 not billable (2026)'),
    line('99453', p, src, { setupAndEducationThisPeriod: true, daysWithReadings: { gte: 2 } }, '99453'),
    warn('99454.days', p, SRC.rpm2026, { daysWithReadings: { lt: 2 } }, 'fewer than 2 days of readings: no device supply code (2026)'),
    line('99445', p, src, { daysWithReadings: { gte: 2, lte: 15 } }, '99445'),
    line('99454', p, SRC_RPM, { daysWithReadings: { gte: 16 } }, '99454'),
    warn('99470.minutes', p, SRC.rpm2026, { [MGMT]: { lt: 10 } }, 'under 10 minutes of treatment management in the month: no management code (2026)'),
    warn('99470.interactive', p, SRC.rpm2026, { [MGMT]: { gte: 10, lt: 20 }, interactiveCommunication: false }, 'treatment management without an interactive communication: 99470 not billable'),
    line('99470', p, src, { [MGMT]: { gte: 10, lt: 20 }, interactiveCommunication: true }, '99470'),
    ...management(p),
  ];
}
