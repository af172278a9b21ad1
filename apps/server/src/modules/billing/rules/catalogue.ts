/** Every shipped rule set: calendar years 2025 and 2026 × the five payer profiles. */
import type { RuleSet } from '../rule-types.js';
import { commercial2025 } from './2025/commercial.js';
import { medicareFfs2025 } from './2025/medicare-ffs.js';
import { commercial2026 } from './2026/commercial.js';
import { medicareFfs2026 } from './2026/medicare-ffs.js';

export const RULE_SETS: readonly RuleSet[] = [medicareFfs2025, ...commercial2025, medicareFfs2026, ...commercial2026];
