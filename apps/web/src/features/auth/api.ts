import type {
  CurrentSession,
  LoginRequest,
  LoginResult,
  MfaEnrolment,
  SessionStage,
} from '../../shared/contracts';
import { api } from '../../shared/api-client';

/** MFA answers carry the stage and, because the session is re-issued at that point, a new CSRF token. */
export interface StageAnswer {
  stage: SessionStage;
  csrfToken?: string;
}

/** Calls where 401 is an expected answer must not bounce the user to sign-in. */
const quiet = { redirectOnUnauthorized: false } as const;

export const authApi = {
  login: (body: LoginRequest) => api.post<LoginResult>('/auth/login', body, quiet),
  startMfaEnrolment: () => api.post<MfaEnrolment>('/auth/mfa/enrol', undefined, quiet),
  confirmMfaEnrolment: (code: string) => api.post<StageAnswer>('/auth/mfa/enrol/confirm', { code }, quiet),
  verifyMfa: (code: string) => api.post<StageAnswer>('/auth/mfa/verify', { code }, quiet),
  logout: () => api.post<void>('/auth/logout', undefined, quiet),
  session: (signal?: AbortSignal) => api.get<CurrentSession>('/auth/session', { signal, ...quiet }),
};
