import type { AuditEvent, AuditOutcome } from '@telehealth/contracts/audit';
import type { Db } from '../../platform/db.js';
import type { Clock } from '../../platform/clock.js';
import { roleLabel, type Actor } from '../../platform/actor.js';
import { currentContext } from '../../platform/request-context.js';
import { ChainVerifier, type ChainProblem } from './audit-chain.js';
import * as repo from './audit.repo.js';

export interface AuditInput {
  action: string;
  outcome: AuditOutcome;
  patientId?: string | null;
  resourceType?: string | null;
  resourceId?: string | null;
  detail?: Record<string, unknown>;
  /** Defaults to the request's actor. `null` for anonymous events (a failed login). */
  actor?: Actor | null;
  /** For anonymous events that still belong to an organization (a failed login of a known user). */
  organizationId?: string | null;
  userId?: string | null;
}

interface Pending {
  row: repo.NewAuditRow;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const MAX_BATCH = 500;

/**
 * The audit trail. `record()` resolves once the row is committed: an access is not served before it is
 * on record. Rows that arrive while a batch is being written go out together in the next transaction
 * (group commit), which keeps a single hash chain fast under load.
 */
export class AuditService {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  /** The chain head as this process last saw it; null until read, and after another writer moved it. */
  private head: repo.ChainHead | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  record(input: AuditInput): Promise<void> {
    const ctx = currentContext();
    const actor = input.actor === undefined ? (ctx?.actor ?? null) : input.actor;
    const row: repo.NewAuditRow = {
      eventTime: new Date(this.clock()),
      userId: actor && actor.via !== 'system' ? actor.userId : (input.userId ?? null),
      role: actor ? (actor.via === 'system' ? 'system' : roleLabel(actor)) : null,
      organizationId: actor?.organizationId ?? input.organizationId ?? null,
      patientId: input.patientId ?? null,
      action: input.action,
      resourceType: input.resourceType ?? null,
      resourceId: input.resourceId ?? null,
      outcome: input.outcome,
      sourceIp: ctx?.sourceIp ?? null,
      userAgent: ctx?.userAgent?.slice(0, 512) ?? null,
      requestId: ctx?.requestId ?? null,
      detail: { ...(input.detail ?? {}), ...(actor?.via === 'token' ? { via: 'api_token' } : {}) },
    };
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      this.flushing ??= this.drain();
    });
  }

  /** Waits until everything recorded so far is committed (shutdown, tests). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /**
   * Writes a batch after the head this process last wrote (or read). When another server appended in between,
   * the write changes nothing: re-read the head, re-link the batch and try again.
   */
  private async append(rows: repo.NewAuditRow[]): Promise<void> {
    for (;;) {
      this.head ??= (await repo.findHead(this.db)) ?? repo.EMPTY_HEAD;
      const moved = await repo.appendAfter(this.db, this.head, rows);
      if (moved) {
        this.head = moved;
        return;
      }
      this.head = null;
    }
  }

  private async drain(): Promise<void> {
    // Let the rest of this tick enqueue, so concurrent requests share a transaction.
    await new Promise<void>((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.append(batch.map((p) => p.row));
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    this.flushing = null;
  }

  async list(filter: repo.AuditFilter, limit: number): Promise<{ items: AuditEvent[]; nextBeforeSeq: number | null }> {
    const rows = await repo.listNewestFirst(this.db, filter, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toDto), nextBeforeSeq: rows.length > limit && last ? last.seq : null };
  }

  /** Every matching event oldest first, in bounded batches (export). */
  async *iterate(filter: repo.AuditFilter, batchSize = 2000): AsyncGenerator<AuditEvent> {
    let after = 0;
    for (;;) {
      const rows = await repo.listAscending(this.db, filter, after, batchSize);
      for (const r of rows) yield toDto(r);
      const last = rows[rows.length - 1];
      if (!last || rows.length < batchSize) return;
      after = last.seq;
    }
  }

  /** Walks the whole chain. Returns the number of rows checked and the first problem, if any. */
  async verify(batchSize = 5000): Promise<{ rows: number; problem: ChainProblem | null }> {
    await this.flush();
    const verifier = new ChainVerifier();
    let after = 0;
    for (;;) {
      const rows = await repo.listAscending(this.db, {}, after, batchSize);
      for (const r of rows) if (!verifier.push(r)) return { rows: verifier.count, problem: verifier.problem };
      const last = rows[rows.length - 1];
      if (!last || rows.length < batchSize) break;
      after = last.seq;
    }
    const problem = verifier.finish(await repo.findHead(this.db));
    return { rows: verifier.count, problem };
  }
}

function toDto(r: repo.AuditRow): AuditEvent {
  return {
    seq: r.seq,
    eventTime: r.eventTime.toISOString(),
    userId: r.userId,
    role: r.role,
    organizationId: r.organizationId,
    patientId: r.patientId,
    action: r.action,
    resourceType: r.resourceType,
    resourceId: r.resourceId,
    outcome: r.outcome as AuditOutcome,
    sourceIp: r.sourceIp,
    userAgent: r.userAgent,
    requestId: r.requestId,
    detail: r.detail,
    hash: r.hash,
  };
}
