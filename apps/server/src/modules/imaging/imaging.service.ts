import { randomUUID } from 'node:crypto';
import type { AeTitle, AeTitleCreate, CaseFromStudy, ExpectedStudyCreate, ImagingStudy, InboxQuery } from '@telehealth/contracts/imaging';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CaseAttachmentsService } from '../cases/case-attachments.service.js';
import type { CasesService } from '../cases/cases.service.js';
import type { SitesService } from '../identity/sites.service.js';
import { inboxSites } from './imaging-access.js';
import * as repo from './imaging.repo.js';

type CaseRow = Awaited<ReturnType<CaseAttachmentsService['requireReferrer']>>;

/**
 * The imaging inbox and the study ↔ case link (docs/imaging.md), plus who decides whether a caller may see
 * a study: a study on a case follows the case (decideCase through the cases service); an inbox study follows
 * its site. Another organization's study is 404 and the refusal is audited.
 */
export class ImagingService {
  constructor(
    readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sites: SitesService,
    private readonly cases: CasesService,
    private readonly caseAttachments: CaseAttachmentsService,
  ) {}

  /**
   * The study with this Study Instance UID that the caller may reach, audited as `action`.
   * @throws AppError STUDY_NOT_FOUND (none in the organization, or another organization's — audited) or FORBIDDEN
   */
  async studyByUid(actor: Actor, studyInstanceUid: string, action: string): Promise<repo.StudyRow> {
    const all = await repo.findStudiesByUid(this.db, studyInstanceUid);
    const own = all.find((s) => s.organizationId === actor.organizationId);
    if (!own) {
      const foreign = all[0];
      if (foreign) await this.denied(actor, action, foreign, 'other organization');
      throw new AppError('STUDY_NOT_FOUND');
    }
    await this.authorize(actor, own, action);
    return own;
  }

  /** The study by its platform id, when the caller may reach it. */
  async studyById(actor: Actor, id: string, action: string): Promise<repo.StudyRow> {
    const s = await repo.findStudy(this.db, id);
    if (!s) throw new AppError('STUDY_NOT_FOUND');
    if (s.organizationId !== actor.organizationId) {
      await this.denied(actor, action, s, 'other organization');
      throw new AppError('STUDY_NOT_FOUND');
    }
    await this.authorize(actor, s, action);
    return s;
  }

  private async authorize(actor: Actor, s: repo.StudyRow, action: string): Promise<void> {
    if (s.caseId) {
      try {
        await this.caseAttachments.requireReadable(actor, s.caseId, action);
      } catch (err) {
        throw err instanceof AppError && err.code === 'CASE_NOT_FOUND' ? new AppError('STUDY_NOT_FOUND') : err;
      }
    } else {
      const sites = inboxSites(actor);
      if (sites !== null && !sites.includes(s.siteId)) {
        await this.denied(actor, action, s, sites.length ? 'other site' : 'no inbox');
        throw sites.length ? new AppError('FORBIDDEN') : new AppError('STUDY_NOT_FOUND');
      }
    }
    await this.audit.record({ actor, action, outcome: 'success', resourceType: 'imaging_study', resourceId: s.id, detail: { caseId: s.caseId } });
  }

  private denied(actor: Actor, action: string, s: repo.StudyRow, reason: string): Promise<void> {
    return this.audit.record({ actor, action, outcome: 'denied', resourceType: 'imaging_study', resourceId: s.id, detail: { reason } });
  }

  /** The inbox: studies without a case at the caller's sites (or the one site asked for). */
  async inbox(actor: Actor, q: InboxQuery): Promise<ImagingStudy[]> {
    const mine = inboxSites(actor);
    if (q.siteId) await this.sites.assertOwnSites(actor.organizationId, [q.siteId]);
    if (q.siteId && mine !== null && !mine.includes(q.siteId)) throw new AppError('FORBIDDEN');
    const siteIds = q.siteId ? [q.siteId] : mine;
    const rows = await repo.listInbox(this.db, actor.organizationId, siteIds, q.limit ?? 100);
    await this.audit.record({ actor, action: 'imaging.inbox.list', outcome: 'success', detail: { count: rows.length } });
    return rows.map(toStudy);
  }

  /** Attaches an inbox study to a case the caller refers (their side of it, not closed or withdrawn). */
  async attach(actor: Actor, studyId: string, caseId: string): Promise<ImagingStudy> {
    const s = await this.studyById(actor, studyId, 'imaging.study.attach');
    if (s.caseId) throw new AppError('STUDY_ALREADY_ATTACHED');
    const c = await this.caseAttachments.requireReferrer(actor, caseId, 'imaging.study.attach');
    if (!(await repo.setCase(this.db, s.id, c.id))) throw new AppError('STUDY_ALREADY_ATTACHED');
    await this.caseAttachments.attachStudy(c, s.studyInstanceUid, actor.userId, actor);
    return this.dto(s.id);
  }

  /** Starts a draft case at the study's site for a patient and attaches the study to it. */
  async createCase(actor: Actor, studyId: string, input: CaseFromStudy): Promise<{ caseId: string; study: ImagingStudy }> {
    const s = await this.studyById(actor, studyId, 'imaging.study.attach');
    if (s.caseId) throw new AppError('STUDY_ALREADY_ATTACHED');
    const created = await this.cases.create(actor, { ...input, siteId: s.siteId });
    return { caseId: created.id, study: await this.attach(actor, studyId, created.id) };
  }

  /**
   * Where a STOW-RS request stores: the named case's site (and the case), the named site, or the caller's
   * only inbox site. The caller must work that site's inbox or refer the case.
   */
  async stowDestination(actor: Actor, siteId: string | null, caseId: string | null): Promise<{ siteId: string; case: CaseRow | null }> {
    if (caseId) {
      const c = await this.caseAttachments.requireReferrer(actor, caseId, 'imaging.stow');
      return { siteId: c.siteId, case: c };
    }
    const mine = inboxSites(actor);
    if (siteId) {
      await this.sites.assertOwnSites(actor.organizationId, [siteId]);
      if (mine !== null && !mine.includes(siteId)) throw new AppError('FORBIDDEN');
      return { siteId, case: null };
    }
    if (mine?.length === 1) return { siteId: mine[0]!, case: null };
    throw new AppError('IMAGING_SITE_REQUIRED');
  }

  /** Attaches a study that arrived for a named case, unless it is already on a case. */
  async attachOnArrival(actor: Actor, studyId: string, c: CaseRow): Promise<void> {
    const s = await repo.findStudy(this.db, studyId);
    if (!s || s.caseId || !(await repo.setCase(this.db, s.id, c.id))) return;
    await this.caseAttachments.attachStudy(c, s.studyInstanceUid, actor.userId, actor);
  }

  /** True when the study is attached to this case. */
  async isOnCase(studyId: string, caseId: string): Promise<boolean> {
    return (await repo.findStudy(this.db, studyId))?.caseId === caseId;
  }

  /** Records the accession number of a study expected for a case the caller refers. */
  async expect(actor: Actor, input: ExpectedStudyCreate): Promise<{ caseId: string; accessionNumber: string }> {
    await this.caseAttachments.requireReferrer(actor, input.caseId, 'imaging.expected.create');
    const ok = await repo.insertExpected(this.db, { organizationId: actor.organizationId, accessionNumber: input.accessionNumber, caseId: input.caseId, createdBy: actor.userId, createdAt: new Date(this.clock()) });
    if (!ok) throw new AppError('ACCESSION_TAKEN');
    return { caseId: input.caseId, accessionNumber: input.accessionNumber };
  }

  async listAeTitles(actor: Actor): Promise<AeTitle[]> {
    return (await repo.listAeTitles(this.db, actor.organizationId)).map(toAeTitle);
  }

  /** Allows a calling AE title (optionally from one address) to send to a site of the caller's organization. */
  async addAeTitle(actor: Actor, input: AeTitleCreate): Promise<AeTitle> {
    await this.sites.assertOwnSites(actor.organizationId, [input.siteId]);
    const row = { id: randomUUID(), organizationId: actor.organizationId, siteId: input.siteId, aeTitle: input.aeTitle.trim(), sourceAddress: input.sourceAddress ?? null, createdAt: new Date(this.clock()) };
    if (!(await repo.insertAeTitle(this.db, row))) throw new AppError('AE_TITLE_TAKEN');
    await this.audit.record({ actor, action: 'imaging.ae_title.add', outcome: 'success', resourceType: 'imaging_ae_title', resourceId: row.id });
    return toAeTitle(row);
  }

  async removeAeTitle(actor: Actor, id: string): Promise<void> {
    if (!(await repo.deleteAeTitle(this.db, actor.organizationId, id))) {
      // unknown here: perhaps another organization's entry — refused like one, and on record
      await this.audit.record({ actor, action: 'imaging.ae_title.remove', outcome: 'denied', resourceType: 'imaging_ae_title', resourceId: id, detail: { reason: 'not found' } });
      throw new AppError('AE_TITLE_NOT_FOUND');
    }
    await this.audit.record({ actor, action: 'imaging.ae_title.remove', outcome: 'success', resourceType: 'imaging_ae_title', resourceId: id });
  }

  private async dto(id: string): Promise<ImagingStudy> {
    const s = await repo.findStudy(this.db, id);
    if (!s) throw new AppError('STUDY_NOT_FOUND');
    const instances = await repo.listInstances(this.db, id);
    return toStudy({ ...s, instances: instances.length });
  }
}

function toStudy(s: repo.StudyRow & { instances: number }): ImagingStudy {
  return {
    id: s.id,
    siteId: s.siteId,
    caseId: s.caseId,
    state: s.state as ImagingStudy['state'],
    studyInstanceUid: s.studyInstanceUid,
    patientName: s.patientName,
    patientId: s.patientId,
    studyDate: s.studyDate,
    accessionNumber: s.accessionNumber,
    studyDescription: s.studyDescription,
    source: s.source as ImagingStudy['source'],
    instances: s.instances,
    receivedAt: s.receivedAt.toISOString(),
  };
}

function toAeTitle(r: repo.AeTitleRow): AeTitle {
  return { id: r.id, siteId: r.siteId, aeTitle: r.aeTitle, sourceAddress: r.sourceAddress, createdAt: r.createdAt.toISOString() };
}
