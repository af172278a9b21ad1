import type {
  Invitation,
  InvitationCreate,
  JoinGrant,
  JoinInfo,
  Participant,
  StaffInvitationList,
  Visit,
  VisitCreate,
  VisitDay,
  VisitDetail,
  VisitNote,
  VisitNoteList,
} from '@telehealth/contracts/visits';
import { api } from '../../shared/api-client';

const path = (visitId: string) => `/visits/${encodeURIComponent(visitId)}`;

/** Visits API for staff. Only ids go into paths; join tokens only ever travel in request bodies. */
export const visitsApi = {
  day: (siteId: string, date: string | undefined, signal?: AbortSignal) =>
    api.get<VisitDay>(`/sites/${encodeURIComponent(siteId)}/visits`, { query: { date }, signal }),
  get: (visitId: string, signal?: AbortSignal) => api.get<VisitDetail>(path(visitId), { signal }),
  /** ICE servers and TURN credentials for the signed-in participant. */
  connection: (visitId: string, signal?: AbortSignal) => api.get<JoinGrant>(`${path(visitId)}/connection`, { signal }),
  create: (body: VisitCreate) => api.post<Visit>('/visits', body),
  cancel: (visitId: string) => api.post<Visit>(`${path(visitId)}/cancel`, {}),
  invite: (visitId: string, body: InvitationCreate) => api.post<Invitation>(`${path(visitId)}/invitations`, body),
  /** Invites a platform user (clinician, specialist) who joins with their own session. */
  inviteUser: (visitId: string, userId: string) => api.post<Participant>(`${path(visitId)}/participants`, { userId }),
  /** Visits the signed-in user was invited into by account. */
  invitations: (signal?: AbortSignal) => api.get<StaffInvitationList>('/visit-invitations', { signal }),
  notes: (visitId: string, signal?: AbortSignal) => api.get<VisitNoteList>(`${path(visitId)}/notes`, { signal }),
  addNote: (visitId: string, body: string) => api.post<VisitNote>(`${path(visitId)}/notes`, { body }),
};

/** The account-less join API: the token is the credential, sent in the body, never in a URL. */
export const joinApi = {
  lookup: (token: string) => api.post<JoinInfo>('/join', { token }, { redirectOnUnauthorized: false }),
  consent: (token: string, consentVersion: string, birthDate?: string) =>
    api.post<JoinGrant>('/join/consent', { token, consentVersion, birthDate }, { redirectOnUnauthorized: false }),
};
