/** The commercial profiles, dates of service in 2025 (CPT 2025 code set). */
import type { RuleSet } from '../../rule-types.js';
import { COMMERCIAL_SHAPES, commercialRuleSet } from '../profiles.js';
import { rpm2025 } from '../rpm.js';

export const commercial2025: readonly RuleSet[] = COMMERCIAL_SHAPES.map((shape) => commercialRuleSet(2025, shape, rpm2025));
