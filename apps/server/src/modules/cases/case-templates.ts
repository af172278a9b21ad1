import { Value } from 'typebox/value';
import { CaseTemplate, type TemplateField } from '@telehealth/contracts/cases';
import type { FieldError } from '../../platform/errors.js';

/**
 * Specialty templates are data (table `case_templates`): history fields, expected views and report fields.
 * This file only interprets them — there is no branch on a specialty name anywhere in the code.
 */

/** Parses a stored template definition; a malformed row is skipped (and reported by the caller). */
export function parseTemplate(definition: unknown): CaseTemplate | null {
  return Value.Check(CaseTemplate, definition) ? definition : null;
}

const MAX_TEXT = 4000;

function scalarProblem(field: TemplateField, v: unknown): string | null {
  if (v === null) return null;
  if (typeof v === 'string' && v.length > MAX_TEXT) return `must be at most ${MAX_TEXT} characters`;
  switch (field.type) {
    case 'text':
    case 'longtext':
    case 'body_site':
      return typeof v === 'string' ? null : 'must be text';
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
      if (field.min !== undefined && v < field.min) return `must be at least ${field.min}`;
      if (field.max !== undefined && v > field.max) return `must be at most ${field.max}`;
      return null;
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : 'must be a date (YYYY-MM-DD)';
    case 'boolean':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'select':
      return typeof v === 'string' && (field.options ?? []).some((o) => o.value === v) ? null : 'is not one of the options';
    case 'multiselect':
      return 'must be a list of options';
  }
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function valueProblem(field: TemplateField, v: unknown): string | null {
  if (field.perEye) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'must give a value for each eye ({ right, left })';
    const eyes = v as Record<string, unknown>;
    if (Object.keys(eyes).some((k) => k !== 'right' && k !== 'left')) return 'must give a value for each eye ({ right, left })';
    return scalarProblem(field, eyes.right ?? null) ?? scalarProblem(field, eyes.left ?? null);
  }
  if (field.type === 'multiselect') {
    if (!Array.isArray(v)) return v === null ? null : 'must be a list of options';
    return v.length <= 50 && v.every((x) => (field.options ?? []).some((o) => o.value === x)) ? null : 'contains a value that is not an option';
  }
  if (v !== null && typeof v === 'object') return 'must be a single value';
  return scalarProblem(field, v);
}

/**
 * Checks form values against template fields: unknown keys and wrongly typed values always; missing required
 * values only when `complete` (a draft may be partial, a submission or a signed report may not).
 * @param prefix - JSON pointer of the values in the request, for the problem's `errors[].path`.
 */
export function checkFields(fields: readonly TemplateField[], values: Record<string, unknown>, complete: boolean, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const [key, v] of Object.entries(values)) {
    const field = byKey.get(key);
    const problem = field ? valueProblem(field, v) : 'is not a field of this template';
    if (problem) errors.push({ path: `${prefix}/${key}`, message: problem });
  }
  if (complete) {
    for (const f of fields) {
      const v = values[f.key];
      const eyes = f.perEye && v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
      const missing = eyes ? isEmpty(eyes.right) || isEmpty(eyes.left) : isEmpty(v);
      if (f.required && missing) errors.push({ path: `${prefix}/${f.key}`, message: 'is required' });
    }
  }
  return errors;
}

/** Keys of the template's non-optional views that no attachment fills yet. */
export function missingViews(template: CaseTemplate, presentViews: readonly (string | null)[]): string[] {
  return template.views.filter((v) => !v.optional && !presentViews.includes(v.key)).map((v) => v.key);
}
