import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CODES, type ErrorCode } from '@telehealth/contracts/errors';
import type { Problem } from '@telehealth/contracts/common';
import { AppError, type FieldError } from './errors.js';
import type { Api } from './http.js';

function problem(code: ErrorCode, req: FastifyRequest, detail?: string, errors?: FieldError[]): Problem {
  const entry = ERROR_CODES[code];
  return {
    type: `urn:telehealth:error:${code}`,
    title: entry.title,
    status: entry.status,
    code,
    ...(detail ? { detail } : {}),
    ...(errors?.length ? { errors } : {}),
    requestId: req.id,
  };
}

/** Maps any thrown error to one registered code. Unknown errors are 500 INTERNAL and never leak their text. */
function classify(err: FastifyError | AppError | Error): { code: ErrorCode; detail?: string; errors?: FieldError[] } {
  if (err instanceof AppError) {
    return { code: err.code, ...(err.detail ? { detail: err.detail } : {}), ...(err.extra.errors ? { errors: err.extra.errors } : {}) };
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    return {
      code: 'VALIDATION_FAILED',
      detail: `Invalid ${fe.validationContext ?? 'request'}`,
      errors: fe.validation.slice(0, 20).map((v) => ({
        path: `/${fe.validationContext ?? ''}${v.instancePath || ''}`.replace(/\/+$/, '') || '/',
        message: v.message ?? 'invalid',
      })),
    };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'BODY_TOO_LARGE' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'UNSUPPORTED_MEDIA_TYPE' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'MALFORMED_BODY', detail: 'The body is not valid JSON.' };
    default:
      break;
  }
  if (fe.statusCode === 429) return { code: 'RATE_LIMITED' };
  if (fe.statusCode === 413) return { code: 'BODY_TOO_LARGE' };
  if (fe.statusCode === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE' };
  if (fe instanceof SyntaxError || (fe.statusCode === 400 && fe.code?.startsWith('FST_ERR_CTP'))) {
    return { code: 'MALFORMED_BODY', detail: 'The body could not be parsed.' };
  }
  if (fe.statusCode === 400) return { code: 'VALIDATION_FAILED' };
  if (fe.statusCode === 404) return { code: 'NOT_FOUND' };
  if (fe.statusCode === 405) return { code: 'METHOD_NOT_ALLOWED' };
  return { code: 'INTERNAL' };
}

/** The fields of a PostgreSQL error (node-postgres or PGlite) that name no values. */
interface DbErrorFields {
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  routine?: unknown;
}

function isDbError(e: unknown): e is Error & DbErrorFields {
  const f = e as DbErrorFields | null;
  return typeof f?.severity === 'string' && typeof f.code === 'string' && /^[0-9A-Z]{5}$/.test(f.code);
}

/**
 * What is logged about a failed request. A database error carries the statement's parameters (patient names,
 * emails) in its message and `params`, and the failing row in `detail`: for those only the statement text, the
 * SQLSTATE fields that name no values and the stack frames are kept (DESIGN: no PHI in logs).
 */
function loggableError(err: Error): unknown {
  const wrapper = err as Error & { query?: unknown; params?: unknown };
  const db = isDbError(err) ? err : isDbError(err.cause) ? err.cause : null;
  if (!db && wrapper.params === undefined) return err;
  return {
    type: err.constructor.name,
    query: typeof wrapper.query === 'string' ? wrapper.query : undefined,
    // not `code`: the logger redacts every `*.code` (one-time codes)
    sqlState: db?.code,
    constraint: db?.constraint,
    table: db?.table,
    column: db?.column,
    routine: db?.routine,
    stack: (err.stack ?? '')
      .split('\n')
      .filter((l) => l.startsWith('    at '))
      .join('\n'),
  };
}

export function sendProblem(reply: FastifyReply, body: Problem, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(body.status).headers(headers).type('application/problem+json').send(body);
}

/** One translation of errors into RFC 9457 problem+json, for every route (STYLE §4). */
export function registerErrorHandler(app: Api): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    const { code, detail, errors } = classify(err);
    const body = problem(code, req, detail, errors);
    if (body.status >= 500) {
      req.log.error({ err: loggableError(err) }, 'request failed');
    } else {
      req.log.info({ code, status: body.status }, 'request refused');
    }
    const headers = err instanceof AppError ? (err.extra.headers ?? {}) : {};
    return sendProblem(reply, body, headers);
  });
}

export function problemFor(code: ErrorCode, req: FastifyRequest, detail?: string): Problem {
  return problem(code, req, detail);
}
