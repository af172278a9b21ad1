import { randomUUID } from 'node:crypto';
import type { Attestation, BillingEncounter, BillingQueue, BillingQueueQuery, BillingTotals, ClaimDetails, LinesEdit, SourceKind } from '@telehealth/contracts/billing-queue';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { can } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { VisitsService } from '../visits/visits.service.js';
import { claimedLines, toEncounterDto } from './encounter-dto.js';
import { deriveEncounter, type DeriveDeps } from './encounter-derive.js';
import { monthlyTotals } from './encounter-totals.js';
import * as repo from './encounters.repo.js';

/** A listed open encounter is re-derived when its facts are older than this (a single read always re-derives). */
const QUEUE_REFRESH_MS = 5 * 60_000;
/**
 * Reading the queue creates encounters for visits ended and consults answered since the last look, minus this
 * overlap (a visit that ended just before the last look but committed after it; clocks of several servers).
 */
const SYNC_OVERLAP_MS = 10 * 60_000;
/** Each server process looks at every ended visit and answered consult again this often, and at its first read. */
const FULL_SYNC_MS = 60 * 60_000;
type Event = 'edit_lines' | 'attest' | 'claim_details' | 'hold' | 'release' | 'export';

/**
 * The billing work queue (docs/billing.md#the-work-queue). Encounters are created lazily and idempotently when
 * the queue is read: one per ended visit and two per answered consult (the consultant's and the requesting
 * practitioner's side). Open encounters are re-derived when read (listed ones at most every few minutes), so later facts (a follow-up visit, a
 * corrected case time, an attestation) change the proposal until the encounter is exported. Every read and
 * change is audited with the patient; another organization's encounter answers 404, audited.
 */
export class EncountersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly deps: DeriveDeps & { visits: VisitsService; cases: CasesService },
  ) {}

  /** Per organization: when this process last looked at its sources, and when it last looked at all of them. */
  private readonly synced = new Map<string, { at: number; fullAt: number }>();

  async queue(actor: Actor, q: BillingQueueQuery): Promise<BillingQueue> {
    await this.sync(actor);
    const listed = await repo.listQueue(this.db, actor.organizationId, { ...q, limit: q.limit ?? 100 });
    const stale = this.clock() - QUEUE_REFRESH_MS;
    const rows: repo.EncounterRow[] = [];
    for (const row of listed) rows.push(row.refreshedAt.getTime() < stale ? await this.refresh(actor, row) : row);
    await this.audit.record({
      actor, action: 'billing.queue.read', outcome: 'success', resourceType: 'billing_encounter',
      detail: { count: rows.length, encounterIds: rows.map((r) => r.id), patientIds: [...new Set(rows.map((r) => r.patientId))] },
    });
    return { items: rows.map(toEncounterDto) };
  }

  async get(actor: Actor, id: string): Promise<BillingEncounter> {
    const row = await this.refresh(actor, await this.require(actor, id, 'billing.encounter.read'));
    await this.audited(actor, 'billing.encounter.read', row);
    return toEncounterDto(row);
  }

  async totals(actor: Actor): Promise<BillingTotals> {
    await this.sync(actor);
    const items = monthlyTotals(await repo.listForTotals(this.db, actor.organizationId));
    await this.audit.record({ actor, action: 'billing.totals.read', outcome: 'success', resourceType: 'billing_encounter', detail: { rows: items.length } });
    return { items };
  }

  /**
   * Records what a person attests (MDM level, patient status, payer profile…). Billing staff may attest any
   * encounter of their organization; a clinician or specialist only one whose visit or case they may read.
   */
  async attest(actor: Actor, id: string, attestation: Attestation): Promise<BillingEncounter> {
    const row = await this.require(actor, id, 'billing.encounter.attest');
    if (!can(actor, 'billing.code')) {
      if (row.sourceKind === 'visit') await this.deps.visits.get(actor, row.sourceId);
      else await this.deps.cases.get(actor, row.sourceId);
    }
    this.assertOpen(row);
    const merged = { ...(row.attestation as Attestation), ...attestation };
    return this.change(actor, row, 'attest', { attestation: merged }, null, { fields: Object.keys(attestation) });
  }

  async setClaimDetails(actor: Actor, id: string, details: ClaimDetails): Promise<BillingEncounter> {
    const row = await this.require(actor, id, 'billing.encounter.claim_details');
    this.assertOpen(row);
    return this.change(actor, row, 'claim_details', { claimDetails: details }, null, {});
  }

  /** Replaces the lines to claim; the reason is required and kept with the before/after lines. */
  async editLines(actor: Actor, id: string, edit: LinesEdit): Promise<BillingEncounter> {
    const row = await this.require(actor, id, 'billing.encounter.edit');
    this.assertOpen(row);
    return this.change(actor, row, 'edit_lines', { editedLines: edit.lines }, edit.reason, { before: claimedLines(row), after: edit.lines });
  }

  async hold(actor: Actor, id: string, reason: string): Promise<BillingEncounter> {
    const row = await this.require(actor, id, 'billing.encounter.hold');
    if (row.state !== 'ready') throw new AppError('BILLING_ENCOUNTER_STATE', 'Only a ready encounter can be held.');
    return this.change(actor, row, 'hold', { state: 'held', holdReason: reason }, reason, {}, ['ready']);
  }

  async release(actor: Actor, id: string): Promise<BillingEncounter> {
    const row = await this.require(actor, id, 'billing.encounter.release');
    if (row.state !== 'held') throw new AppError('BILLING_ENCOUNTER_STATE', 'Only a held encounter can be released.');
    return this.change(actor, row, 'release', { state: 'ready', holdReason: null }, null, { heldFor: row.holdReason }, ['held']);
  }

  /** Loads encounters for export: every id must be of the caller's organization (else 404, audited). */
  async forExport(actor: Actor, ids: readonly string[]): Promise<repo.EncounterRow[]> {
    const rows = await repo.findByIds(this.db, ids);
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      if (!row || row.organizationId !== actor.organizationId) await this.require(actor, id, 'billing.export');
    }
    return ids.map((id) => rows.find((r) => r.id === id)).filter((r): r is repo.EncounterRow => r !== undefined);
  }

  /** Marks exported encounters (compare-and-set from ready: a held or already exported one fails the export). */
  async markExported(actor: Actor, rows: readonly repo.EncounterRow[], format: string): Promise<void> {
    const at = new Date(this.clock());
    await this.db.transaction(async (tx) => {
      for (const row of rows) {
        if (!(await repo.updateIf(tx, row.id, ['ready'], { state: 'exported', exportedAt: at, exportFormat: format, updatedAt: at }))) {
          throw new AppError('BILLING_ENCOUNTER_STATE', 'An encounter changed meanwhile; reload the queue.');
        }
        await repo.insertEvent(tx, { encounterId: row.id, event: 'export', actorId: actor.userId, reason: null, detail: { format }, at });
      }
    });
  }

  private async change(
    actor: Actor, row: repo.EncounterRow, event: Event, patch: Partial<repo.EncounterRow>, reason: string | null,
    detail: Record<string, unknown>, from: readonly string[] = ['ready', 'held'],
  ): Promise<BillingEncounter> {
    const at = new Date(this.clock());
    await this.db.transaction(async (tx) => {
      if (!(await repo.updateIf(tx, row.id, from, { ...patch, updatedAt: at }))) throw new AppError('BILLING_ENCOUNTER_STATE', 'The encounter changed meanwhile.');
      await repo.insertEvent(tx, { encounterId: row.id, event, actorId: actor.userId, reason, detail, at });
    });
    await this.audited(actor, `billing.encounter.${event}`, row, { ...(reason ? { reason } : {}), ...detail });
    const updated = await this.refresh(actor, { ...row, ...patch });
    return toEncounterDto(updated);
  }

  private assertOpen(row: repo.EncounterRow): void {
    if (row.state === 'exported') throw new AppError('BILLING_ENCOUNTER_STATE', 'The encounter has been exported.');
  }

  /** An encounter of the caller's organization; anything else answers 404 (audited when it exists). */
  private async require(actor: Actor, id: string, action: string): Promise<repo.EncounterRow> {
    const row = await repo.findById(this.db, id);
    if (!row || row.organizationId !== actor.organizationId) {
      if (row) await this.audit.record({ actor, action, outcome: 'denied', patientId: row.patientId, resourceType: 'billing_encounter', resourceId: id, detail: { reason: 'not_found' } });
      throw new AppError('BILLING_ENCOUNTER_NOT_FOUND');
    }
    return row;
  }

  private audited(actor: Actor, action: string, row: repo.EncounterRow, detail: Record<string, unknown> = {}): Promise<void> {
    return this.audit.record({ actor, action, outcome: 'success', patientId: row.patientId, resourceType: 'billing_encounter', resourceId: row.id, detail });
  }

  /** Creates the missing encounters of the organization's ended visits and answered consults (idempotent). */
  /**
   * Creates the missing encounters of the organization: for the sources that ended since this process last
   * looked (with an overlap), or for all of them at the first read and once an hour — so an encounter whose
   * creation failed is made later, and the queue's cost does not grow with the organization's history.
   */
  private async sync(actor: Actor): Promise<void> {
    const org = actor.organizationId;
    const now = this.clock();
    const last = this.synced.get(org);
    const full = !last || now - last.fullAt >= FULL_SYNC_MS;
    const since = full ? null : new Date(last.at - SYNC_OVERLAP_MS);
    const visits = (await this.deps.visitBilling.listEnded(org, since)).map((v) => v.id);
    const cases = (await this.deps.caseBilling.listAnswered(org, since)).map((c) => c.id);
    const todo: [SourceKind, string][] = [];
    const have = {
      visit: await repo.existingSourceIds(this.db, org, 'visit', visits),
      case: await repo.existingSourceIds(this.db, org, 'case', cases),
      case_referral: await repo.existingSourceIds(this.db, org, 'case_referral', cases),
    };
    for (const id of visits) if (!have.visit.has(id)) todo.push(['visit', id]);
    for (const id of cases) for (const k of ['case', 'case_referral'] as const) if (!have[k].has(id)) todo.push([k, id]);
    for (const [kind, sourceId] of todo) await this.create(actor, kind, sourceId);
    this.synced.set(org, { at: now, fullAt: full ? now : (last?.fullAt ?? now) });
  }

  private async create(actor: Actor, kind: SourceKind, sourceId: string): Promise<void> {
    const d = await deriveEncounter(this.deps, actor, kind, sourceId, {});
    const now = new Date(this.clock());
    // A claim the engine holds (a Medicare lapse window) starts held: staff decide after review.
    const held = d.result.notBillableReason?.startsWith('held:') ? d.result.notBillableReason : null;
    await repo.insertIfAbsent(this.db, {
      id: randomUUID(), organizationId: actor.organizationId, sourceKind: kind, sourceId, patientId: d.patientId, siteId: d.siteId,
      serviceDate: d.serviceDate, state: held ? 'held' : 'ready', attestation: {}, facts: d.facts, sources: d.sources, result: d.result,
      holdReason: held, createdAt: now, updatedAt: now, refreshedAt: now,
    });
  }

  /** Re-derives an open encounter's facts and proposal; an exported one stays as it was exported. */
  private async refresh(actor: Actor, row: repo.EncounterRow): Promise<repo.EncounterRow> {
    if (row.state === 'exported') return row;
    const d = await deriveEncounter(this.deps, actor, row.sourceKind as SourceKind, row.sourceId, row.attestation as Attestation);
    const patch = { facts: d.facts, sources: d.sources, result: d.result, serviceDate: d.serviceDate, refreshedAt: new Date(this.clock()) };
    await repo.updateIf(this.db, row.id, [row.state], patch);
    return { ...row, ...patch };
  }
}
