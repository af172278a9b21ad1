/** Traditional Medicare, dates of service in 2025 (CY2025 PFS). */
import type { LapseWindow, RuleSet } from '../../rule-types.js';
import { medicareRuleSet } from '../profiles.js';
import { rpm2025 } from '../rpm.js';
import { SRC } from '../sources.js';

/**
 * The statutory flexibilities ran through 2025-09-30 (P.L. 119-4) and lapsed on 2025-10-01 during the
 * shutdown; CMS had MACs hold affected claims until P.L. 119-37 (signed 2025-11-12) restored them
 * retroactively. Claims dated in the window are held for staff to release.
 */
export const LAPSES_2025: readonly LapseWindow[] = [
  { from: '2025-10-01', to: '2025-11-12', source: SRC.lapse2025, note: 'restored retroactively by P.L. 119-37; release held claims after review' },
];

export const medicareFfs2025: RuleSet = medicareRuleSet(2025, LAPSES_2025, rpm2025);
