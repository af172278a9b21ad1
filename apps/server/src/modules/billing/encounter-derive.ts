/**
 * Loads what the platform recorded about a visit or a consult (through the visits and cases services) and
 * derives the encounter's facts and proposed lines. Used by the queue for new encounters and to refresh open
 * ones (a correction of case time, a later visit or an attestation changes the facts until export).
 */
import type { Attestation, SourceKind } from '@telehealth/contracts/billing-queue';
import type { CodingResult, EncounterFacts } from '@telehealth/contracts/billing';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { CaseBillingService } from '../cases/case-billing.service.js';
import type { SitesService } from '../identity/sites.service.js';
import type { UsersService } from '../identity/users.service.js';
import type { VisitBillingService } from '../visits/visit-billing.service.js';
import { codeEncounter } from './coding.js';
import { usualPosAt, type SiteContext } from './encounter-context.js';
import { factsFromCase } from './facts-from-case.js';
import { factsFromVisit } from './facts-from-visit.js';

const DAY = 86_400_000;

export interface Derived {
  patientId: string;
  siteId: string;
  serviceDate: string;
  facts: EncounterFacts;
  sources: Record<string, string>;
  result: CodingResult;
}

export interface DeriveDeps {
  clock: Clock;
  sites: SitesService;
  users: UsersService;
  visitBilling: VisitBillingService;
  caseBilling: CaseBillingService;
}

/** The facts and the engine's proposal for one source. */
export async function deriveEncounter(deps: DeriveDeps, actor: Actor, kind: SourceKind, sourceId: string, attestation: Attestation): Promise<Derived> {
  const derived = kind === 'visit' ? await fromVisit(deps, actor, sourceId, attestation) : await fromCase(deps, actor, kind, sourceId, attestation);
  const facts = derived.facts as EncounterFacts;
  return { ...derived, facts, serviceDate: facts.dateOfService ?? derived.serviceDate, result: codeEncounter(facts) };
}

async function siteContext(deps: DeriveDeps, actor: Actor, siteId: string): Promise<SiteContext> {
  const site = await deps.sites.get(actor, siteId);
  return { kind: site.kind, timeZone: site.timeZone };
}

async function fromVisit(deps: DeriveDeps, actor: Actor, visitId: string, attestation: Attestation) {
  const visit = await deps.visitBilling.detail(visitId);
  const site = await siteContext(deps, actor, visit.siteId);
  const { facts, sources } = factsFromVisit(visit, site, attestation);
  const fallback = (visit.endedAt ?? visit.createdAt).slice(0, 10);
  return { patientId: visit.patientId, siteId: visit.siteId, serviceDate: fallback, facts, sources };
}

async function fromCase(deps: DeriveDeps, actor: Actor, kind: Exclude<SourceKind, 'visit'>, caseId: string, attestation: Attestation) {
  const c = await deps.caseBilling.record(caseId);
  const site = await siteContext(deps, actor, c.siteId);
  const answered = Date.parse(c.answeredAt ?? c.report?.signedAt ?? new Date(deps.clock()).toISOString());
  const submitted = c.submittedAt ? Date.parse(c.submittedAt) : answered;
  const visits = await deps.visitBilling.patientVisitsStarted(c.patientId, new Date(submitted - 14 * DAY), new Date(answered + 14 * DAY));
  const consultantPos = kind === 'case' && c.assigneeId ? await specialistPos(deps, actor, c.assigneeId, c.specialty) : null;
  const { facts, sources } = factsFromCase(c, kind, { site, consultantPos, visits, now: deps.clock() }, attestation);
  return { patientId: c.patientId, siteId: c.siteId, serviceDate: new Date(answered).toISOString().slice(0, 10), facts, sources };
}

/** The usual POS of the specialist: the site of their specialist role for this specialty, if it names one. */
async function specialistPos(deps: DeriveDeps, actor: Actor, userId: string, specialty: string): Promise<string | null> {
  const user = await deps.users.get(actor, userId).catch(() => null);
  const siteId = user?.roles.find((r) => r.role === 'specialist' && r.specialties.includes(specialty) && r.siteId)?.siteId;
  return siteId ? usualPosAt(await siteContext(deps, actor, siteId)) : null;
}
