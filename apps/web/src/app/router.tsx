import { createBrowserRouter, Navigate } from 'react-router';
import { AuditPage } from '../features/audit/components/audit-page';
import { LoginPage } from '../features/auth/components/login-page';
import { MfaChallengePage } from '../features/auth/components/mfa-challenge-page';
import { MfaEnrolPage } from '../features/auth/components/mfa-enrol-page';
import { PatientDetailPage } from '../features/patients/components/patient-detail-page';
import { PatientNewPage } from '../features/patients/components/patient-new-page';
import { PatientsPage } from '../features/patients/components/patients-page';
import { SetupPage } from '../features/setup/components/setup-page';
import { SiteDetailPage } from '../features/sites/components/site-detail-page';
import { SitesPage } from '../features/sites/components/sites-page';
import { TokensPage } from '../features/tokens/components/tokens-page';
import { UserDetailPage } from '../features/users/components/user-detail-page';
import { UsersPage } from '../features/users/components/users-page';
import { JoinPage } from '../features/visits/components/join-page';
import { VisitPage } from '../features/visits/components/visit-page';
import { VisitNotesPage } from '../features/visits/components/visit-notes';
import { VisitRoomPage } from '../features/visits/components/visit-room-page';
import { VisitsPage } from '../features/visits/components/visits-page';
import { AdminLayout } from './admin-layout';
import { HomePage } from './home-page';
import { NotAvailablePage } from './not-available-page';
import { NotFoundPage } from './not-found-page';
import { RequireAuthenticated } from './require-authenticated';
import { RouteError } from './route-error';
import { Shell } from './shell';
import { CaseNewPage } from '../features/cases/components/case-new-page';
import { CasePage } from '../features/cases/components/case-page';
import { CasesPage } from '../features/cases/components/cases-page';
import { BillingPage } from '../features/billing/components/billing-page';
import { CaseDashboardPage } from '../features/cases/components/case-dashboard-page';
import { NotificationsPage } from '../features/notifications/components/notifications-page';
import { ViewerPage } from '../features/imaging/components/viewer-page';

/**
 * Every path carries ids only — never a patient's name, MRN or any other PHI — because URLs end up in
 * history, logs and Referer headers.
 */
export const router = createBrowserRouter([
  { path: '/setup', element: <SetupPage />, errorElement: <RouteError /> },
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  // Patients and guests join with the link's token in the fragment (/join#<token>): no account, no PHI in the URL.
  { path: '/join', element: <JoinPage />, errorElement: <RouteError /> },
  { path: '/login/mfa/enrol', element: <MfaEnrolPage />, errorElement: <RouteError /> },
  { path: '/login/mfa', element: <MfaChallengePage />, errorElement: <RouteError /> },
  {
    element: <RequireAuthenticated />,
    errorElement: <RouteError />,
    children: [
      {
        element: <Shell />,
        children: [
          { index: true, element: <HomePage /> },
          { path: 'visits', element: <VisitsPage /> },
          { path: 'visits/:visitId', element: <VisitPage /> },
          { path: 'visits/:visitId/room', element: <VisitRoomPage /> },
          { path: 'visits/:visitId/notes', element: <VisitNotesPage /> },
          { path: 'cases', element: <CasesPage /> },
          { path: 'cases/new', element: <CaseNewPage /> },
          { path: 'cases/:caseId', element: <CasePage /> },
          { path: 'cases/:caseId/studies/:attachmentId', element: <ViewerPage /> },
          { path: 'cases/dashboard', element: <CaseDashboardPage /> },
          { path: 'notifications', element: <NotificationsPage /> },
          {
            path: 'imaging',
            element: <NotAvailablePage title="Imaging" what="Teleradiology and DICOM studies" />,
          },
          {
            path: 'pharmacy',
            element: <NotAvailablePage title="Pharmacy" what="Prescription verification and counselling" />,
          },
          { path: 'billing', element: <BillingPage /> },
          { path: 'account/tokens', element: <TokensPage /> },
          {
            path: 'admin',
            element: <AdminLayout />,
            children: [
              { index: true, element: <Navigate to="sites" replace /> },
              { path: 'sites', element: <SitesPage /> },
              { path: 'sites/:siteId', element: <SiteDetailPage /> },
              { path: 'users', element: <UsersPage /> },
              { path: 'users/:userId', element: <UserDetailPage /> },
              { path: 'patients', element: <PatientsPage /> },
              { path: 'patients/new', element: <PatientNewPage /> },
              { path: 'patients/:patientId', element: <PatientDetailPage /> },
              { path: 'audit', element: <AuditPage /> },
              { path: 'tokens', element: <TokensPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
