import type { PatientCreate, Role, SiteKind } from '@telehealth/contracts/identity';

/**
 * The demo health system: a rural hospital with an emergency department, two primary-care clinics, an
 * imaging centre and a pharmacy chain (a hub and three remote pharmacies) on the high plains of Montana,
 * Wyoming and south-western North Dakota — all on Mountain time. Every person here is fictional; phone
 * numbers use the 555-01xx range reserved for fiction and email addresses the `.example` domain (RFC 2606).
 */
export const DEMO_ORGANIZATION = 'High Plains Health';

/** One password for every demo login. The demo refuses to run in production; staff still enrol MFA. */
export const DEMO_PASSWORD = 'BigSky-Demo-Telehealth-2026';

export const DEMO_EMAIL_DOMAIN = 'highplains.example';

export interface DemoSite {
  name: string;
  kind: SiteKind;
  /** Two-letter USPS code. */
  state: string;
  /** IANA time zone. */
  timeZone: string;
}

export const SITE = {
  hospital: 'High Plains Regional Hospital',
  ed: 'High Plains Emergency Department',
  prairie: 'Prairie Creek Family Clinic',
  windRiver: 'Wind River Community Clinic',
  imaging: 'High Plains Imaging Center',
  hub: 'High Plains Pharmacy Hub',
  jordan: 'High Plains Pharmacy Jordan',
  lusk: 'High Plains Pharmacy Lusk',
  bowman: 'High Plains Pharmacy Bowman',
} as const;
export type SiteName = (typeof SITE)[keyof typeof SITE];

// South-western North Dakota (Bowman County) keeps Mountain time, so America/Denver fits every site.
export const DEMO_SITES: readonly (DemoSite & { name: SiteName })[] = [
  { name: SITE.hospital, kind: 'hospital', state: 'MT', timeZone: 'America/Denver' },
  { name: SITE.ed, kind: 'emergency_department', state: 'MT', timeZone: 'America/Denver' },
  { name: SITE.prairie, kind: 'clinic', state: 'MT', timeZone: 'America/Denver' },
  { name: SITE.windRiver, kind: 'clinic', state: 'WY', timeZone: 'America/Denver' },
  { name: SITE.imaging, kind: 'imaging_centre', state: 'MT', timeZone: 'America/Denver' },
  { name: SITE.hub, kind: 'pharmacy', state: 'MT', timeZone: 'America/Denver' },
  { name: SITE.jordan, kind: 'pharmacy', state: 'MT', timeZone: 'America/Denver' },
  { name: SITE.lusk, kind: 'pharmacy', state: 'WY', timeZone: 'America/Denver' },
  { name: SITE.bowman, kind: 'pharmacy', state: 'ND', timeZone: 'America/Denver' },
];

export interface DemoRole {
  role: Role;
  /** Site name; null for an organization-wide assignment. */
  site: SiteName | null;
  specialties?: string[];
  languages?: string[];
}

export interface DemoUser {
  /** Local part of the email address; the domain is DEMO_EMAIL_DOMAIN. */
  login: string;
  name: string;
  roles: DemoRole[];
  /** For the patient login: the MRN of the patient record it belongs to. */
  patientMrn?: string;
}

const at = (role: Role, site: SiteName | null, extra: Omit<DemoRole, 'role' | 'site'> = {}): DemoRole => ({
  role,
  site,
  ...extra,
});
const specialist = (specialty: string, site: SiteName): DemoRole =>
  at('specialist', site, { specialties: [specialty] });
const interpreter = (language: string): DemoRole => at('interpreter', null, { languages: [language] });

export const PATIENT_LOGIN_MRN = 'HPH-100001';

export const DEMO_USERS: readonly DemoUser[] = [
  { login: 'admin', name: 'Morgan Hale', roles: [at('admin', null)] },
  {
    login: 'er.physician',
    name: 'Dr. Samuel Ortiz',
    roles: [at('clinician', SITE.ed), at('clinician', SITE.hospital)],
  },
  { login: 'dr.prairie', name: 'Dr. Helen Whitfield', roles: [at('clinician', SITE.prairie)] },
  { login: 'dr.windriver', name: 'Dr. Lena Two Bulls', roles: [at('clinician', SITE.windRiver)] },
  { login: 'nurse.ed', name: 'Carla Jensen', roles: [at('nurse', SITE.ed)] },
  { login: 'nurse.prairie', name: 'Tom Becker', roles: [at('nurse', SITE.prairie)] },
  { login: 'nurse.windriver', name: 'Grace Yellowtail', roles: [at('nurse', SITE.windRiver)] },
  { login: 'radiology', name: 'Dr. Priya Raman', roles: [specialist('radiology', SITE.imaging)] },
  { login: 'dermatology', name: 'Dr. Marcus Lee', roles: [specialist('dermatology', SITE.hospital)] },
  {
    login: 'ophthalmology',
    name: 'Dr. Ingrid Sorensen',
    roles: [specialist('ophthalmology', SITE.hospital)],
  },
  { login: 'urology', name: 'Dr. David Okafor', roles: [specialist('urology', SITE.hospital)] },
  { login: 'cardiology', name: 'Dr. Elena Petrov', roles: [specialist('cardiology', SITE.hospital)] },
  { login: 'interpreter.es', name: 'Lucía Hernández', roles: [interpreter('es')] },
  { login: 'interpreter.vi', name: 'Minh Tran', roles: [interpreter('vi')] },
  {
    login: 'pharmacist.hub',
    name: 'Rachel Kim',
    roles: [
      at('pharmacist', SITE.hub),
      at('pharmacist', SITE.jordan),
      at('pharmacist', SITE.lusk),
      at('pharmacist', SITE.bowman),
    ],
  },
  { login: 'pharmacist.relief', name: 'Nadia Haddad', roles: [at('pharmacist', SITE.hub)] },
  { login: 'tech.jordan', name: 'Cody Larsen', roles: [at('pharmacy_technician', SITE.jordan)] },
  { login: 'tech.lusk', name: 'Maria Gonzales', roles: [at('pharmacy_technician', SITE.lusk)] },
  { login: 'tech.bowman', name: 'Kyle Schmidt', roles: [at('pharmacy_technician', SITE.bowman)] },
  { login: 'billing', name: 'Janet Moore', roles: [at('billing', null)] },
  { login: 'patient', name: 'Rosa Delgado', roles: [at('patient', null)], patientMrn: PATIENT_LOGIN_MRN },
];

type Sex = PatientCreate['sex'];
type PatientRow = [
  given: string,
  family: string,
  birthDate: string,
  sex: Sex,
  language: string,
  site: SiteName,
  state: string,
];

// MRNs are assigned in this order: HPH-100001, HPH-100002, …
const PATIENT_ROWS: readonly PatientRow[] = [
  ['Rosa', 'Delgado', '1968-04-12', 'female', 'es', SITE.prairie, 'MT'],
  ['Walter', 'Brandt', '1941-11-03', 'male', 'en', SITE.prairie, 'MT'],
  ['Emily', 'Nygaard', '1989-07-22', 'female', 'en', SITE.prairie, 'MT'],
  ['Tuan', 'Nguyen', '1957-02-14', 'male', 'vi', SITE.prairie, 'MT'],
  ['Sadie', 'Running Wolf', '2016-09-30', 'female', 'en', SITE.prairie, 'MT'],
  ['Harold', 'Kessler', '1949-05-18', 'male', 'en', SITE.prairie, 'MT'],
  ['Ana', 'Morales', '1994-12-01', 'female', 'es', SITE.prairie, 'MT'],
  ['Jonah', 'Fischer', '2021-03-15', 'male', 'en', SITE.prairie, 'MT'],
  ['Linh', 'Pham', '1978-08-09', 'female', 'vi', SITE.prairie, 'MT'],
  ['Riley', 'Quinn', '2003-06-25', 'other', 'en', SITE.prairie, 'MT'],
  ['Marguerite', 'Lacroix', '1936-01-07', 'female', 'en', SITE.windRiver, 'WY'],
  ['Daniel', 'Whitehorse', '1972-10-19', 'male', 'en', SITE.windRiver, 'WY'],
  ['Lupe', 'Castillo', '1985-03-28', 'female', 'es', SITE.windRiver, 'WY'],
  ['Cole', 'Anderson', '1999-11-11', 'male', 'en', SITE.windRiver, 'WY'],
  ['Bao', 'Tran', '1963-06-06', 'male', 'vi', SITE.windRiver, 'WY'],
  ['Hazel', 'Pruitt', '1955-09-14', 'female', 'en', SITE.windRiver, 'WY'],
  ['Mateo', 'Ruiz', '2012-02-02', 'male', 'es', SITE.windRiver, 'WY'],
  ['June', 'Albrecht', '1980-04-30', 'female', 'en', SITE.windRiver, 'WY'],
  ['Eli', 'Stone', '1991-12-20', 'unknown', 'en', SITE.windRiver, 'WY'],
  ['Frank', 'Doyle', '1952-07-04', 'male', 'en', SITE.ed, 'MT'],
  ['Carmen', 'Vega', '1976-05-09', 'female', 'es', SITE.ed, 'MT'],
  ['Tyler', 'Hansen', '2008-10-13', 'male', 'en', SITE.ed, 'ND'],
  ['Margaret', 'Olson', '1944-03-21', 'female', 'en', SITE.ed, 'MT'],
  ['Kevin', 'Le', '1988-01-17', 'male', 'vi', SITE.ed, 'MT'],
  ['Shelby', 'Carter', '1997-08-08', 'female', 'en', SITE.ed, 'WY'],
  ['George', 'Lindqvist', '1939-12-29', 'male', 'en', SITE.hospital, 'MT'],
  ['Dolores', 'Ibarra', '1961-11-23', 'female', 'es', SITE.hospital, 'MT'],
  ['Arthur', 'Bell', '1958-06-12', 'male', 'en', SITE.hospital, 'ND'],
  ['Nora', 'Sullivan', '1983-02-27', 'female', 'en', SITE.hospital, 'MT'],
  ['Henry', 'Zimmerman', '1947-09-05', 'male', 'en', SITE.hospital, 'MT'],
  ['Beatrice', 'Moss', '1966-04-04', 'female', 'en', SITE.imaging, 'MT'],
  ['Samuel', 'Reyes', '1970-10-10', 'male', 'es', SITE.imaging, 'MT'],
  ['Irene', 'Walsh', '1950-01-15', 'female', 'en', SITE.hub, 'MT'],
  ['Otto', 'Kraus', '1945-08-19', 'male', 'en', SITE.jordan, 'MT'],
  ['Mai', 'Hoang', '1974-03-03', 'female', 'vi', SITE.lusk, 'WY'],
  ['Curtis', 'Bauer', '1960-07-27', 'male', 'en', SITE.bowman, 'ND'],
];

/** A demo patient: the registration fields, with the site named rather than identified. */
export type DemoPatient = Omit<PatientCreate, 'siteId'> & { site: SiteName };

const AREA_CODE: Record<string, string> = { MT: '406', WY: '307', ND: '701' };

/** The ~36 demo patients, with MRNs, fictional phone numbers and, for the patient login, an email address. */
export function demoPatients(): DemoPatient[] {
  return PATIENT_ROWS.map(
    ([givenName, familyName, birthDate, sex, preferredLanguage, site, addressState], i) => {
      const mrn = `HPH-${String(100_001 + i)}`;
      return {
        mrn,
        givenName,
        familyName,
        birthDate,
        sex,
        preferredLanguage,
        addressState,
        site,
        phone: `(${AREA_CODE[addressState] ?? '406'}) 555-01${String(i % 100).padStart(2, '0')}`,
        ...(mrn === PATIENT_LOGIN_MRN ? { email: `patient@${DEMO_EMAIL_DOMAIN}` } : {}),
      };
    },
  );
}
