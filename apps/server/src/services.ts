import type { Config } from './config.js';
import type { Clock } from './platform/clock.js';
import type { Database } from './platform/db.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthService } from './modules/identity/auth.service.js';
import { SetupService } from './modules/identity/setup.service.js';
import { SitesService } from './modules/identity/sites.service.js';
import { TokensService } from './modules/identity/tokens.service.js';
import { UsersService } from './modules/identity/users.service.js';
import { PatientsService } from './modules/patients/patients.service.js';
import { createMailer, type Mailer } from './platform/mailer.js';
import { VisitJoinService } from './modules/visits/visit-join.service.js';
import { VisitSessionService } from './modules/visits/visit-session.service.js';
import { VisitsService } from './modules/visits/visits.service.js';
import { VisitGraceSweeper } from './modules/visits/visit-grace.js';
import { VisitReminders } from './modules/visits/visit-reminders.js';
import { VisitNotesService } from './modules/visits/visit-notes.service.js';
import { VisitStaffService } from './modules/visits/visit-staff.service.js';
import { CaseNotifier } from './modules/cases/case-notify.js';
import { CaseReviewService } from './modules/cases/case-review.service.js';
import { CasesService } from './modules/cases/cases.service.js';
import { CaseAttachmentsService } from './modules/cases/case-attachments.service.js';
import { UploadsService } from './modules/uploads/uploads.service.js';
import { LocalBlobStore, deriveBlobKek, type BlobStore } from './platform/blob-store.js';
import { BillingService } from './modules/billing/billing.service.js';
import { CaseTimeService } from './modules/cases/case-time.service.js';
import { CaseBillingService } from './modules/cases/case-billing.service.js';
import { VisitBillingService } from './modules/visits/visit-billing.service.js';
import { EncountersService } from './modules/billing/encounters.service.js';
import { EncounterExportService } from './modules/billing/encounter-export.service.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { CaseFlowService } from './modules/cases/case-flow.service.js';
import { CaseClockService } from './modules/cases/case-clock.service.js';
import { CaseCriticalService } from './modules/cases/case-critical.service.js';
import { CaseFollowUpsService } from './modules/cases/case-follow-ups.service.js';
import { CasePatientSummaryService } from './modules/cases/case-patient-summary.service.js';
import { CaseReportPdfService } from './modules/cases/case-report-pdf.service.js';
import { ImagingService } from './modules/imaging/imaging.service.js';
import { ImagingIngestService } from './modules/imaging/imaging-ingest.service.js';
import { ImagingBundleService } from './modules/imaging/imaging-bundle.service.js';
import { ImagingExportService } from './modules/imaging/imaging-export.service.js';

export interface Services {
  config: Config;
  database: Database;
  clock: Clock;
  audit: AuditService;
  auth: AuthService;
  setup: SetupService;
  sites: SitesService;
  users: UsersService;
  tokens: TokensService;
  patients: PatientsService;
  mailer: Mailer;
  visits: VisitsService;
  visitJoin: VisitJoinService;
  visitSession: VisitSessionService;
  visitGrace: VisitGraceSweeper;
  visitReminders: VisitReminders;
  visitNotes: VisitNotesService;
  visitStaff: VisitStaffService;
  cases: CasesService;
  caseReview: CaseReviewService;
  uploads: UploadsService;
  billing: BillingService;
  caseTime: CaseTimeService;
  encounters: EncountersService;
  encounterExport: EncounterExportService;
  visitBilling: VisitBillingService;
  notifications: NotificationsService;
  caseFlow: CaseFlowService;
  caseClock: CaseClockService;
  caseCritical: CaseCriticalService;
  caseReportPdf: CaseReportPdfService;
  casePatientSummary: CasePatientSummaryService;
  caseFollowUps: CaseFollowUpsService;
  imaging: ImagingService;
  imagingIngest: ImagingIngestService;
  imagingExport: ImagingExportService;
  blobs: BlobStore;
}

/** The composition root: every service, wired once. Used by the HTTP app and by the CLI's operations. */
export function createServices(config: Config, database: Database, clock: Clock, masterKey: Buffer): Services {
  const db = database.db;
  const audit = new AuditService(db, clock);
  const sites = new SitesService(db, audit, clock);
  // patients and users refer to each other (a patient login names a patient record): break the cycle with a late-bound check.
  let patients: PatientsService | null = null;
  const users = new UsersService(db, audit, clock, sites, (org, id) => patients?.existsInOrganization(org, id) ?? Promise.resolve(false));
  patients = new PatientsService(db, audit, clock, sites, masterKey);
  const mailer = createMailer(config);
  const visits = new VisitsService(db, audit, clock, config, { sites, users, patients, mailer });
  const notifications = new NotificationsService(db, audit, clock);
  const caseNotifier = new CaseNotifier(db, mailer, config.publicUrl, notifications);
  const cases = new CasesService(db, audit, clock, config, patients, sites, caseNotifier);
  const caseTime = new CaseTimeService(cases);
  const billing = new BillingService(audit);
  const visitBilling = new VisitBillingService(db, clock);
  const encounters = new EncountersService(db, audit, clock, {
    clock, sites, users, visits, cases, visitBilling, caseBilling: new CaseBillingService(cases, caseTime),
  });
  const blobs = new LocalBlobStore(`${config.dataDir}/blobs`, deriveBlobKek(masterKey));
  const caseAttachments = new CaseAttachmentsService(cases);
  const imaging = new ImagingService(db, audit, clock, sites, cases, caseAttachments);
  const imagingIngest = new ImagingIngestService(db, audit, clock, config, blobs, caseAttachments);
  const imagingBundles = new ImagingBundleService(config, audit, imagingIngest, imaging);
  return {
    notifications,
    caseFlow: new CaseFlowService(cases),
    caseClock: new CaseClockService(db, clock, caseNotifier),
    caseCritical: new CaseCriticalService(cases),
    visitBilling,
    caseTime,
    encounters,
    encounterExport: new EncounterExportService(clock, { encounters, billing, patients }),
    imaging,
    imagingIngest,
    imagingExport: new ImagingExportService(db, audit, clock, blobs, imaging),
    blobs,
    cases,
    caseReview: new CaseReviewService(cases),
    uploads: new UploadsService(db, clock, config, new CaseAttachmentsService(cases), new LocalBlobStore(`${config.dataDir}/blobs`, deriveBlobKek(masterKey)), imagingBundles),
    billing,
    caseReportPdf: new CaseReportPdfService(cases, patients),
    casePatientSummary: new CasePatientSummaryService(cases, mailer, config.publicUrl),
    caseFollowUps: new CaseFollowUpsService(cases, visits),
    mailer,
    visits,
    visitJoin: new VisitJoinService(db, audit, clock, config, patients),
    visitSession: new VisitSessionService(db, audit, clock, visits),
    visitGrace: new VisitGraceSweeper(db, audit, clock, config.visitReconnectGraceSeconds * 1000),
    visitReminders: new VisitReminders(db, audit, clock, mailer, config.visitReminderMinutes),
    visitNotes: new VisitNotesService(db, audit, clock, visits),
    visitStaff: new VisitStaffService(db, audit, clock, { visits, users, notifications }),
    config,
    database,
    clock,
    audit,
    auth: new AuthService(db, audit, clock, config, masterKey),
    setup: new SetupService(db, audit, clock),
    sites,
    users,
    tokens: new TokensService(db, audit, clock),
    patients,
  };
}
