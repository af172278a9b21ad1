import type { VisitNote, VisitNoteCreate, VisitNoteList } from '@telehealth/contracts/visits';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import type { AuditService } from '../audit/audit.service.js';
import type { VisitsService } from './visits.service.js';
import * as repo from './visits.repo.js';

/**
 * The clinician's notes on a visit: stored with the visit record, append-only, audited on every read and write.
 * Only staff who may write the visit's patient read them (`visit.write` at the route, `patient.write` scope on
 * the record, or the host/co-host of this visit) — a patient login, and every link participant, never sees them.
 */
export class VisitNotesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly visits: VisitsService,
  ) {}

  async list(actor: Actor, visitId: string): Promise<VisitNoteList> {
    const visit = await this.visits.requireVisit(actor, visitId, 'patient.write', 'visit.notes.read', 'moderator');
    const rows = await repo.listNotes(this.db, visit.id);
    await this.audit.record({ actor, action: 'visit.notes.read', outcome: 'success', patientId: visit.patientId, resourceType: 'visit', resourceId: visit.id, detail: { count: rows.length } });
    return { items: rows.map((r) => ({ id: r.id, authorUserId: r.authorUserId, at: r.at.toISOString(), body: r.body })) };
  }

  async add(actor: Actor, visitId: string, input: VisitNoteCreate): Promise<VisitNote> {
    const visit = await this.visits.requireVisit(actor, visitId, 'patient.write', 'visit.notes.write', 'moderator');
    const at = new Date(this.clock());
    const id = await repo.insertNote(this.db, { visitId: visit.id, authorUserId: actor.userId, at, body: input.body });
    await this.audit.record({ actor, action: 'visit.notes.write', outcome: 'success', patientId: visit.patientId, resourceType: 'visit', resourceId: visit.id, detail: { noteId: id } });
    return { id, authorUserId: actor.userId, at: at.toISOString(), body: input.body };
  }
}
