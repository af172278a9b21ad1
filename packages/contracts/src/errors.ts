/**
 * The registry of stable error codes. Every error the platform returns carries one of these codes in an
 * RFC 9457 problem+json body (`code` extension member). Codes are unique and never reused for a different
 * meaning; clients may branch on them. The HTTP status lives here so it is decided once, at the edge.
 */
export const ERROR_CODES = {
  // generic request problems
  VALIDATION_FAILED: { status: 400, title: 'The request does not match the schema' },
  MALFORMED_BODY: { status: 400, title: 'The request body could not be parsed' },
  BODY_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'The request content type is not supported' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'No such route' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  NOT_IMPLEMENTED: { status: 501, title: 'Not implemented' },
  INTERNAL: { status: 500, title: 'Internal error' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
  CONFLICT: { status: 409, title: 'Conflict' },
  // authentication
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  INVALID_CREDENTIALS: { status: 401, title: 'Email or password is wrong' },
  LOGIN_THROTTLED: { status: 429, title: 'Too many failed sign-in attempts; try again later' },
  SESSION_EXPIRED: { status: 401, title: 'The session has expired' },
  MFA_REQUIRED: { status: 403, title: 'Multi-factor authentication must be completed first' },
  MFA_ENROLMENT_REQUIRED: { status: 403, title: 'Multi-factor enrolment must be completed first' },
  MFA_CODE_INVALID: { status: 401, title: 'The one-time code is wrong, expired or already used' },
  MFA_ALREADY_ENROLLED: { status: 409, title: 'Multi-factor authentication is already enrolled' },
  MFA_NOT_STARTED: { status: 409, title: 'Multi-factor enrolment has not been started' },
  CSRF_TOKEN_INVALID: { status: 403, title: 'Missing or wrong CSRF token' },
  TOKEN_INVALID: { status: 401, title: 'The API token is invalid, expired or revoked' },
  // authorization
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  // setup
  SETUP_ALREADY_DONE: { status: 409, title: 'The platform is already set up' },
  SETUP_TOKEN_INVALID: { status: 403, title: 'The setup link is invalid or has expired' },
  // identity and directory
  EMAIL_TAKEN: { status: 409, title: 'A user with this email already exists' },
  MRN_TAKEN: { status: 409, title: 'A patient with this MRN already exists in the organization' },
  SITE_NAME_TAKEN: { status: 409, title: 'A site with this name already exists in the organization' },
  SITE_NOT_FOUND: { status: 404, title: 'Site not found' },
  USER_NOT_FOUND: { status: 404, title: 'User not found' },
  PATIENT_NOT_FOUND: { status: 404, title: 'Patient not found' },
  TOKEN_NOT_FOUND: { status: 404, title: 'API token not found' },
  ROLE_INVALID: { status: 400, title: 'The role assignment is not valid' },
  PASSWORD_TOO_WEAK: { status: 400, title: 'The password does not meet the policy' },
  LAST_ADMIN: { status: 409, title: 'The last active administrator cannot be removed or disabled' },
  TIME_ZONE_INVALID: { status: 400, title: 'Unknown IANA time zone' },
  // audit
  AUDIT_QUERY_INVALID: { status: 400, title: 'The audit query is not valid' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
