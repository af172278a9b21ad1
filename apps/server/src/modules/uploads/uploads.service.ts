import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { FileStore } from '@tus/file-store';
import type { CaseAttachment } from '@telehealth/contracts/cases';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/actor.js';
import type { BlobStore } from '../../platform/blob-store.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { CaseAttachmentsService } from '../cases/case-attachments.service.js';
import { detectType, processImage } from './image-pipeline.js';
import * as repo from './uploads.repo.js';

/** Parsed tus `Upload-Metadata` (tus 1.0.0 §Creation: comma-separated "key base64(value)" pairs). */
export function parseMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (!key || !/^[A-Za-z0-9_-]{1,32}$/.test(key)) throw new AppError('UPLOAD_INVALID', 'Upload-Metadata is malformed.');
    out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resumable uploads of case attachments (docs/uploads.md). Bytes arrive through tus into a scratch
 * directory; nothing is visible on the case until `complete()` has checked size and checksum, detected the
 * type from the bytes, re-encoded images without metadata, measured quality, stored everything encrypted
 * (fsync'd) and only then committed the attachment row.
 */
export class UploadsService {
  /** The tus data store: unfinished uploads, in plain files, never served. */
  readonly store: FileStore;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly attachments: CaseAttachmentsService,
    private readonly blobs: BlobStore,
  ) {
    this.store = new FileStore({ directory: this.scratchDir });
  }

  get scratchDir(): string {
    return path.join(this.config.dataDir, 'uploads-tmp');
  }

  /** Authorizes a tus creation request and records the upload; returns the id tus must use. */
  async begin(actor: Actor, uploadLength: string | undefined, metadataHeader: string | undefined): Promise<string> {
    const meta = parseMetadata(metadataHeader);
    const size = Number(uploadLength);
    if (!uploadLength || !Number.isSafeInteger(size) || size <= 0) throw new AppError('UPLOAD_INVALID', 'Upload-Length is required (deferred length is not supported).');
    if (!meta.caseId || !UUID.test(meta.caseId)) throw new AppError('UPLOAD_INVALID', 'Upload-Metadata must name the caseId.');
    if (meta.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(meta.sha256)) throw new AppError('UPLOAD_INVALID', 'sha256 must be 64 hex digits.');
    const c = await this.attachments.requireWritable(actor, meta.caseId, 'case.upload');
    if (size > this.config.uploadMaxBytes) throw new AppError('UPLOAD_TOO_LARGE');
    const id = randomBytes(16).toString('hex');
    const now = this.clock();
    await repo.insert(this.db, {
      id,
      caseId: c.id,
      organizationId: c.organizationId,
      createdBy: actor.userId,
      declaredSize: size,
      view: meta.view ? meta.view.slice(0, 64) : null,
      state: 'receiving',
      createdAt: new Date(now),
      expiresAt: new Date(now + this.config.uploadExpiryMinutes * 60_000),
    });
    return id;
  }

  /** An unfinished upload the caller may continue: its case must still be writable by them. */
  async authorize(actor: Actor, id: string): Promise<repo.UploadRow> {
    const row = await repo.findById(this.db, id);
    if (!row || row.state !== 'receiving') throw new AppError('UPLOAD_NOT_FOUND');
    await this.attachments.requireWritable(actor, row.caseId, 'case.upload');
    if (row.createdBy !== actor.userId) throw new AppError('UPLOAD_NOT_FOUND');
    return row;
  }

  /** Bytes received so far (tus offset). */
  async offset(id: string): Promise<number> {
    return (await this.store.getUpload(id)).offset;
  }

  /** Marks an upload refused by tus itself; its scratch file goes. */
  async abandon(id: string, code: string): Promise<void> {
    await repo.finish(this.db, id, 'rejected', code);
    await this.store.remove(id).catch(() => undefined);
  }

  /** The pipeline of a finished upload. Refusals leave nothing behind but the upload's rejected state. */
  async complete(actor: Actor, row: repo.UploadRow, declaredSha256: string | undefined): Promise<CaseAttachment> {
    const file = path.join(this.scratchDir, row.id);
    try {
      const data = await fs.readFile(file);
      if (data.length !== row.declaredSize) throw new AppError('UPLOAD_INVALID', 'The upload is not complete.');
      if (declaredSha256 && createHash('sha256').update(data).digest('hex') !== declaredSha256) throw new AppError('UPLOAD_CHECKSUM_MISMATCH');
      const type = detectType(data.subarray(0, 16));
      if (!type) throw new AppError('UPLOAD_TYPE_REJECTED');
      const processed = type === 'application/pdf' ? null : await processImage(data, type, this.config.uploadMaxPixels);
      const blobKey = `cases/${row.caseId}/${randomUUID()}`;
      const stored = await this.blobs.put(blobKey, processed ? processed.data : data);
      const thumbKey = processed ? `${blobKey}-thumb` : null;
      if (processed && thumbKey) await this.blobs.put(thumbKey, processed.thumbnail);
      if (!(await repo.finish(this.db, row.id, 'ready'))) throw new AppError('UPLOAD_NOT_FOUND');
      const c = await this.attachments.requireWritable(actor, row.caseId, 'case.upload');
      return await this.attachments.attach(
        {
          caseId: row.caseId,
          uploadId: row.id,
          kind: processed ? 'image' : 'document',
          view: row.view,
          contentType: type,
          blobKey,
          thumbnailBlobKey: thumbKey,
          storedSha256: stored.sha256,
          storedSize: stored.size,
          width: processed?.quality.width ?? null,
          height: processed?.quality.height ?? null,
          quality: processed ? { ...processed.quality } : null,
          createdBy: actor.userId,
        },
        c.patientId,
        actor,
      );
    } catch (err) {
      await repo.finish(this.db, row.id, 'rejected', err instanceof AppError ? err.code : 'INTERNAL');
      throw err;
    } finally {
      await this.store.remove(row.id).catch(() => undefined);
    }
  }

  /** Expires unfinished uploads past their time: rows marked `expired`, scratch files deleted. */
  async expireUnfinished(): Promise<number> {
    const ids = await repo.listExpired(this.db, new Date(this.clock()), 500);
    for (const id of ids) {
      if (await repo.finish(this.db, id, 'expired')) await this.store.remove(id).catch(() => undefined);
    }
    return ids.length;
  }

  /** A stored attachment (or its thumbnail), decrypted, for a caller allowed to read the case. */
  async download(actor: Actor, caseId: string, attachmentId: string, variant: 'original' | 'thumbnail') {
    const a = await this.attachments.read(actor, caseId, attachmentId);
    const key = variant === 'thumbnail' ? a.thumbnailBlobKey : a.blobKey;
    if (!key) throw new AppError('ATTACHMENT_NOT_FOUND');
    const contentType = variant === 'thumbnail' ? 'image/jpeg' : a.contentType ?? 'application/octet-stream';
    return { data: await this.blobs.get(key), contentType, sha256: variant === 'original' ? a.storedSha256 : null };
  }
}
