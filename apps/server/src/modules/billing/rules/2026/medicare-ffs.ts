/** Traditional Medicare, dates of service in 2026 (CY2026 PFS). */
import type { LapseWindow, RuleSet } from '../../rule-types.js';
import { medicareRuleSet } from '../profiles.js';
import { rpm2026 } from '../rpm.js';
import { SRC } from '../sources.js';

/**
 * The flexibilities extended by P.L. 119-37 ran through 2026-01-30 and lapsed until the Consolidated
 * Appropriations Act, 2026 extended them (signed 2026-02-03; see docs/billing.md for what to verify).
 */
export const LAPSES_2026: readonly LapseWindow[] = [
  { from: '2026-01-31', to: '2026-02-03', source: SRC.lapse2026, note: 'extension enacted 2026-02-03; release held claims after review' },
];

export const medicareFfs2026: RuleSet = medicareRuleSet(2026, LAPSES_2026, rpm2026);
