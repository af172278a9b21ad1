import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import * as repo from './visits.repo.js';

/**
 * The most places a visit has at once, host included: every participant holds a peer connection to every other
 * (a mesh), so each browser encodes and uploads its camera once per other participant. Four is what a phone on
 * a rural uplink carries (docs/visits.md, "Mesh, and its limit").
 */
export const MAX_PARTICIPANTS = 4;

/**
 * Refuses a new place when the visit already has `MAX_PARTICIPANTS` open ones (not revoked, not removed). Call
 * inside the transaction that inserts the participant. A new patient link replaces the old one, so it is
 * counted without the current patient (`replacesKind`).
 */
export async function assertPlaceFree(tx: Db, visitId: string, replacesKind: string | null): Promise<void> {
  const open = await repo.countOpenPlacesLocked(tx, visitId, replacesKind);
  if (open >= MAX_PARTICIPANTS) throw new AppError('VISIT_FULL');
}
