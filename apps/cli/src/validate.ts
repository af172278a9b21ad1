import type { TSchema, Static } from 'typebox';
import { Value } from 'typebox/value';
import { UsageError } from './cli-errors.js';

/**
 * Checks input against the API's own contract schema (the schema is the type), so the CLI accepts exactly
 * what the API accepts.
 * @param schema - a TypeBox schema from @telehealth/contracts.
 * @param value - the input assembled from flags.
 * @param flagOf - the flag to name for each top-level property.
 * @throws UsageError naming the first offending flag.
 */
export function assertValid<T extends TSchema>(
  schema: T,
  value: unknown,
  flagOf: Record<string, string>,
): Static<T> {
  if (Value.Check(schema, value)) return value;
  const [first] = Value.Errors(schema, value);
  const path = first?.instancePath ?? '';
  const property = path.split('/')[1] ?? '';
  const flag = /\/specialties\//.test(path)
    ? '--specialty'
    : /\/languages\//.test(path)
      ? '--language'
      : (flagOf[property] ?? property);
  throw new UsageError(`${flag}: ${first?.message ?? 'is not valid'}`);
}
