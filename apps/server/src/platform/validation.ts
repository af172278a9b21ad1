import { Ajv, type Options } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { Api } from './http.js';

/**
 * Options shared by every request part: extra properties are refused, not stripped (`removeAdditional:
 * false`); defaults fill in; the first error stops validation (`allErrors: true` is a known DoS vector).
 */
const common: Options = { removeAdditional: false, useDefaults: true, allErrors: false, addUsedSchema: false };

function withFormats(ajv: Ajv): Ajv {
  // ajv-formats is CommonJS with `exports.default`: under NodeNext its default import is the module object.
  formatsPlugin.default(ajv);
  return ajv;
}

/**
 * Two validators, chosen by the part of the request. Query strings, params and headers arrive as text, so
 * they are coerced to the schema's types (`?limit=50`, a repeated `?role=` becoming an array). A JSON body
 * already carries its types: `123` for a string field or `"true"` for a boolean is the client's mistake and
 * is refused, not silently converted.
 */
export function registerValidation(app: Api): void {
  const text = withFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  const json = withFormats(new Ajv({ ...common, coerceTypes: false }));
  const compile: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => (httpPart === 'body' ? json : text).compile(schema as object);
  app.setValidatorCompiler(compile);
}
