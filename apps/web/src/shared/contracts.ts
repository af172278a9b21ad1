/** The API types the web app uses: all taken from @telehealth/contracts, in one place. */
import type * as Audit from '@telehealth/contracts/audit';
import type * as Identity from '@telehealth/contracts/identity';

export type Role = Identity.Role;
export type SiteKind = Identity.SiteKind;
export type Sex = Identity.Patient['sex'];
export type AuditOutcome = Audit.AuditOutcome;
export type SessionStage = Identity.SessionStage;

export type RoleAssignment = Identity.RoleAssignment;
export type Site = Identity.Site;
export type SiteCreate = Identity.SiteCreate;
export type SiteUpdate = Partial<SiteCreate>;
export type User = Identity.User;
export type UserCreate = Identity.UserCreate;
export type UserUpdate = Identity.UserUpdate;
export type CurrentSession = Identity.CurrentSession;
export type Patient = Identity.Patient;
export type PatientCreate = Identity.PatientCreate;
export type PatientUpdate = Partial<Omit<PatientCreate, 'siteId'>>;
export type ApiToken = Identity.ApiToken;
export type ApiTokenCreate = Identity.ApiTokenCreate;
export type LoginRequest = Identity.LoginRequest;
export type LoginResult = Identity.LoginResult;
export type MfaEnrolment = Identity.MfaEnrolment;
export type SetupRequest = Identity.SetupRequest;

export type AuditEvent = Audit.AuditEvent;
export type AuditQuery = Omit<Audit.AuditQuery, 'outcome'> & { outcome?: AuditOutcome };
export type AuditExportQuery = Omit<Audit.AuditExportQuery, 'outcome'> & { outcome?: AuditOutcome };
