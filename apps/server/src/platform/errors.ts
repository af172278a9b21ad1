import { ERROR_CODES, type ErrorCode } from '@telehealth/contracts/errors';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * A domain error with a stable code from the registry in packages/contracts/src/errors.ts.
 * Thrown anywhere; translated once into problem+json by the error handler (platform/error-handler.ts).
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? ERROR_CODES[code].title);
    this.name = 'AppError';
    this.status = ERROR_CODES[code].status;
  }
}

export function notFound(code: ErrorCode = 'NOT_FOUND'): AppError {
  return new AppError(code);
}
