import type { BillingTotals } from '@telehealth/contracts/billing-queue';
import type { EncounterFacts } from '@telehealth/contracts/billing';
import { claimedLines } from './encounter-dto.js';
import type { EncounterRow } from './encounters.repo.js';

/**
 * Totals per calendar month of service and service type: encounters, billable ones (with at least one line to
 * claim), lines and units. Sorted by month (newest first), then service type.
 */
export function monthlyTotals(rows: readonly Pick<EncounterRow, 'serviceDate' | 'facts' | 'result' | 'editedLines'>[]): BillingTotals['items'] {
  const byKey = new Map<string, BillingTotals['items'][number]>();
  for (const row of rows) {
    const month = row.serviceDate.slice(0, 7);
    const serviceType = (row.facts as EncounterFacts).serviceType ?? 'unknown';
    const key = `${month}|${serviceType}`;
    const t = byKey.get(key) ?? { month, serviceType, encounters: 0, billable: 0, lines: 0, units: 0 };
    const lines = claimedLines(row);
    t.encounters++;
    if (lines.length > 0) t.billable++;
    t.lines += lines.length;
    t.units += lines.reduce((n, l) => n + l.units, 0);
    byKey.set(key, t);
  }
  return [...byKey.values()].sort((a, b) => b.month.localeCompare(a.month) || a.serviceType.localeCompare(b.serviceType));
}
