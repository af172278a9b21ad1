import type { Config } from './config.js';
import type { Clock } from './platform/clock.js';
import type { Database } from './platform/db.js';
import { AuditService } from './modules/audit/audit.service.js';
import { BillingService } from './modules/billing/billing.service.js';
import { AuthService } from './modules/identity/auth.service.js';
import { SetupService } from './modules/identity/setup.service.js';
import { SitesService } from './modules/identity/sites.service.js';
import { TokensService } from './modules/identity/tokens.service.js';
import { UsersService } from './modules/identity/users.service.js';
import { PatientsService } from './modules/patients/patients.service.js';

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
  billing: BillingService;
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
  return {
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
    billing: new BillingService(audit),
  };
}
