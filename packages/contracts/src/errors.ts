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
  // video visits
  VISIT_NOT_FOUND: { status: 404, title: 'Visit not found' },
  VISIT_TRANSITION_INVALID: { status: 409, title: 'The visit cannot make this change in its current state' },
  VISIT_PARTICIPANT_NOT_FOUND: { status: 404, title: 'Visit participant not found' },
  VISIT_HOST_INVALID: { status: 400, title: 'The host must be an active clinician of the organization' },
  JOIN_TOKEN_INVALID: { status: 401, title: 'The visit link is invalid, revoked or no longer usable' },
  JOIN_WINDOW_CLOSED: { status: 403, title: 'The visit link is not valid at this time' },
  JOIN_IDENTITY_MISMATCH: { status: 403, title: 'The identity check did not match' },
  CONSENT_VERSION_STALE: { status: 409, title: 'The consent text has changed; read and accept the current version' },
  // store-and-forward consults (docs/cases.md, docs/uploads.md)
  CASE_NOT_FOUND: { status: 404, title: 'Case not found' },
  BILLING_ENCOUNTER_NOT_FOUND: { status: 404, title: 'Billing encounter not found' },
  BILLING_ENCOUNTER_STATE: { status: 409, title: 'The billing encounter is not in a state that allows this' },
  BILLING_CLAIM_INCOMPLETE: { status: 422, title: 'The encounter cannot be claimed yet (claim details or lines missing)' },
  CASE_TRANSITION_INVALID: { status: 409, title: 'The case is not in a state that allows this' },
  CASE_ALREADY_CLAIMED: { status: 409, title: 'Another specialist has already claimed this case' },
  CASE_INCOMPLETE: { status: 422, title: 'The case is missing what submission needs (consent, question or required history)' },
  CASE_FIELDS_INVALID: { status: 400, title: 'A history or report value does not match the specialty template' },
  SPECIALTY_UNKNOWN: { status: 400, title: 'No template exists for this specialty' },
  SPECIALIST_INVALID: { status: 400, title: 'The specialist is not an active specialist of this specialty in the organization' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'This Idempotency-Key was already used for a different request' },
  UPLOAD_NOT_FOUND: { status: 404, title: 'Upload not found' },
  UPLOAD_TOO_LARGE: { status: 413, title: 'The upload exceeds the size limit' },
  UPLOAD_TYPE_REJECTED: { status: 415, title: 'The file content is not an accepted type (JPEG, PNG, WebP or PDF)' },
  UPLOAD_IMAGE_REJECTED: { status: 422, title: 'The image could not be processed (corrupt, or too many pixels)' },
  UPLOAD_CHECKSUM_MISMATCH: { status: 422, title: 'The SHA-256 of the uploaded file does not match the declared one' },
  UPLOAD_OFFSET_MISMATCH: { status: 409, title: 'Upload-Offset does not match the bytes received so far' },
  UPLOAD_INVALID: { status: 400, title: 'The tus upload request is not valid' },
  ATTACHMENT_NOT_FOUND: { status: 404, title: 'Attachment not found' },
  CASE_QUEUE_LEAD_INVALID: { status: 400, title: 'A queue lead must be an active admin of the organization or specialist of the specialty' },
  CASE_SHARE_NOT_FOUND: { status: 404, title: 'Queue sharing agreement not found' },
  CASE_SHARE_PARTNER_UNKNOWN: { status: 400, title: 'The partner organization does not exist' },
  CASE_SHARE_EXISTS: { status: 409, title: 'This queue is already shared with that organization' },
  NOTIFICATION_NOT_FOUND: { status: 404, title: 'Notification not found' },
  CASE_REPORT_NOT_SIGNED: { status: 409, title: 'The case has no signed report yet' },
  CASE_FOLLOW_UP_NOT_OFFERED: { status: 409, title: 'The case’s report does not recommend a visit' },
  CASE_SUMMARY_NO_DRAFT: { status: 409, title: 'There is no draft patient summary to approve' },
  CASE_NOT_CRITICAL: { status: 409, title: 'The case has no critical result to acknowledge' },
  CASE_CRITICAL_ACK_FORBIDDEN: { status: 403, title: 'Only the referrer or a clinician of the referring site can acknowledge a critical result' },
  PATIENT_EMAIL_MISSING: { status: 422, title: 'The patient record has no email address to notify' },
  // teleradiology (docs/imaging.md)
  DICOM_INVALID: { status: 415, title: 'The content is not a DICOM Part 10 file' },
  DICOM_TRUNCATED: { status: 422, title: 'The DICOM file is truncated or its element structure is malformed' },
  DICOM_UID_INVALID: { status: 422, title: 'A DICOM UID is missing or not valid (digits and dots, at most 64 characters)' },
  DICOM_ATTRIBUTE_INVALID: { status: 422, title: 'A DICOM attribute exceeds the length its value representation allows' },
  DICOM_INSTANCE_CONFLICT: { status: 409, title: 'An instance with this SOP Instance UID is already stored with different content' },
  DICOM_TOO_LARGE: { status: 413, title: 'The DICOM instance exceeds the size limit' },
  STUDY_NOT_FOUND: { status: 404, title: 'Study not found' },
  STUDY_ALREADY_ATTACHED: { status: 409, title: 'The study is already attached to a case' },
  IMAGING_SITE_REQUIRED: { status: 400, title: 'Name the site whose inbox receives the study (query parameter site)' },
  AE_TITLE_TAKEN: { status: 409, title: 'This AE title (with this source address) is already allowed' },
  AE_TITLE_NOT_FOUND: { status: 404, title: 'AE title entry not found' },
  ACCESSION_TAKEN: { status: 409, title: 'This accession number is already expected for a case' },
  DICOMWEB_QUERY_INVALID: { status: 400, title: 'A DICOMweb query parameter is not valid' },
  DICOMWEB_NOT_ACCEPTABLE: { status: 406, title: 'The requested media type cannot be produced for this instance' },
  FRAME_NOT_FOUND: { status: 404, title: 'Frame not found' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
