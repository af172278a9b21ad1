/** The commercial profiles, dates of service in 2026 (CPT 2026 code set: 99445, 99470). */
import type { RuleSet } from '../../rule-types.js';
import { COMMERCIAL_SHAPES, commercialRuleSet } from '../profiles.js';
import { rpm2026 } from '../rpm.js';

export const commercial2026: readonly RuleSet[] = COMMERCIAL_SHAPES.map((shape) => commercialRuleSet(2026, shape, rpm2026));
