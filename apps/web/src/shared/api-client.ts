import type { Problem } from '@telehealth/contracts/common';

/**
 * The one place the web app talks HTTP. It adds the CSRF header to every state-changing request, parses
 * RFC 9457 problem+json error bodies into {@link ApiError}, and reports a lost session so the app can send
 * the user back to sign-in.
 *
 * The CSRF token lives in this module's memory only (never localStorage/sessionStorage): a reload fetches
 * it again from `GET /auth/session`.
 */

export const API_BASE = '/api/v1';

let csrfToken: string | null = null;
let unauthorizedListener: (() => void) | null = null;

/** @param token - the token from the login response or `GET /auth/session`; `null` on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token, for requests made outside this module (tus uploads set it as a header). */
export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** @param listener - called when an API call answers 401 (session missing or expired). */
export function onUnauthorized(listener: (() => void) | null): void {
  unauthorizedListener = listener;
}

/** An error answer from the API, carrying the RFC 9457 problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }

  get code(): string {
    return this.problem.code;
  }
}

/** Wraps anything thrown into an {@link ApiError} so every error shows the same way. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError({
    type: 'about:blank',
    title: 'Something went wrong',
    status: 0,
    code: 'CLIENT',
    detail: err instanceof Error ? err.message : String(err),
  });
}

/** @returns an {@link ApiError} for a problem found in the browser before anything was sent. */
export function clientProblem(title: string, detail?: string): ApiError {
  return new ApiError({ type: 'about:blank', title, status: 0, code: 'CLIENT', detail });
}

/** Query values; `undefined` and empty strings are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Set `false` for calls where 401 is an expected answer (sign-in, one-time codes, session probe). */
  redirectOnUnauthorized?: boolean;
  /** Extra request headers (e.g. `Idempotency-Key`); they never override the CSRF or content headers. */
  headers?: Record<string, string>;
}

/** @param path - API path below `/api/v1`, e.g. `/sites`; @param query - optional query parameters. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.title === 'string' && typeof v.status === 'number';
}

async function problemFrom(response: Response): Promise<Problem> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy error page, an empty body): fall through to a generic problem
  }
  if (isProblem(body)) {
    return { ...body, code: typeof body.code === 'string' ? body.code : 'UNKNOWN' };
  }
  return {
    type: 'about:blank',
    title: response.statusText || 'Request failed',
    status: response.status,
    code: 'UNKNOWN',
  };
}

function networkProblem(err: unknown): Problem {
  return {
    type: 'about:blank',
    title: 'The server could not be reached',
    status: 0,
    code: 'NETWORK',
    detail: err instanceof Error ? err.message : undefined,
  };
}

/** Sends a request and returns the raw response; throws {@link ApiError} for any non-2xx answer. */
export async function apiFetch(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(networkProblem(err));
  }
  if (response.ok) return response;
  const problem = await problemFrom(response);
  if (response.status === 401 && options.redirectOnUnauthorized !== false) {
    csrfToken = null;
    unauthorizedListener?.();
  }
  throw new ApiError(problem);
}

/** Sends a JSON request and returns the parsed body (`undefined` for 204). */
export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiFetch(method, path, options);
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json();
  return body as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>('POST', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    apiRequest<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    apiRequest<T>('PUT', path, { ...options, body }),
  delete: <T = void>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, options),
};
