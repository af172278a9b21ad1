import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { FileStore } from '@tus/file-store';
import type { CaseAttachment } from '@telehealth/contracts/cases';
import type { DicomUploadResult } from '@telehealth/contracts/uploads';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/actor.js';
import type { BlobReader, BlobStore } from '../../platform/blob-store.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { CaseAttachmentsService, NewAttachment } from '../cases/case-attachments.service.js';
import type { ImagingBundleService } from '../imaging/imaging-bundle.service.js';
import { detectType, processImage, type DetectedType, type ImageQuality } from './image-pipeline.js';
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

/** Suffix of the re-encoded image next to the received file in the scratch directory. */
const REENCODED = '.reencoded';
/** Files are read in pieces of this size: 1 MiB keeps syscalls few and memory flat. */
const READ_BYTES = 1024 * 1024;

interface StoredUpload {
  sha256: string;
  size: number;
  thumbnailKey: string | null;
  quality: ImageQuality | null;
}

/** A stored file on its way out: plaintext size, authenticated plaintext stream, and how to label it. */
export interface Download extends BlobReader {
  contentType: string;
  sha256: string | null;
}

/** The attachment row for a stored upload. */
function newAttachment(row: repo.UploadRow, type: DetectedType, blobKey: string, stored: StoredUpload): NewAttachment {
  return {
    caseId: row.caseId,
    uploadId: row.id,
    kind: stored.quality ? 'image' : 'document',
    view: row.view,
    contentType: type,
    blobKey,
    thumbnailBlobKey: stored.thumbnailKey,
    storedSha256: stored.sha256,
    storedSize: stored.size,
    width: stored.quality?.width ?? null,
    height: stored.quality?.height ?? null,
    quality: stored.quality ? { ...stored.quality } : null,
    createdBy: row.createdBy,
  };
}

/** The first `n` bytes of a file (fewer when it is shorter). */
async function readHead(file: string, n: number): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await handle.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** SHA-256 of a file, read as a stream. */
async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file, { highWaterMark: READ_BYTES })) hash.update(piece as Buffer);
  return hash.digest('hex');
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
  /** Uploads whose pipeline is running in this process: not completed twice, not expired meanwhile. */
  private readonly completing = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly config: Config,
    private readonly attachments: CaseAttachmentsService,
    private readonly blobs: BlobStore,
    /** Where uploads of `kind dicom` go (a zip of DICOM files or one file); null: such uploads are refused. */
    private readonly dicom: Pick<ImagingBundleService, 'ingestUpload'> | null = null,
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
    if (meta.kind !== undefined && !(meta.kind === 'dicom' && this.dicom)) throw new AppError('UPLOAD_INVALID', 'kind must be dicom or absent.');
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

  /**
   * The pipeline of a finished upload, streamed: the received file is read from disk in pieces (hashed, typed
   * from its first bytes, encrypted chunk by chunk) and images go through sharp from the file, so memory does
   * not grow with the file. Refusals leave nothing behind but the upload's rejected state.
   */
  async complete(actor: Actor, row: repo.UploadRow, declaredSha256: string | undefined): Promise<CaseAttachment> {
    if (this.completing.has(row.id)) throw new AppError('UPLOAD_NOT_FOUND');
    this.completing.add(row.id);
    const file = path.join(this.scratchDir, row.id);
    const written: string[] = [];
    let attaching = false;
    try {
      if ((await fs.stat(file)).size !== row.declaredSize) throw new AppError('UPLOAD_INVALID', 'The upload is not complete.');
      const type = detectType(await readHead(file, 16));
      if (!type) throw new AppError('UPLOAD_TYPE_REJECTED');
      const blobKey = `cases/${row.caseId}/${randomUUID()}`;
      written.push(blobKey);
      const stored = type === 'application/pdf' ? await this.storeDocument(file, blobKey, declaredSha256) : await this.storeImage(file, type, blobKey, declaredSha256);
      if (stored.thumbnailKey) written.push(stored.thumbnailKey);
      const c = await this.attachments.requireWritable(actor, row.caseId, 'case.upload');
      if (!(await repo.finish(this.db, row.id, 'ready'))) throw new AppError('UPLOAD_NOT_FOUND');
      attaching = true;
      return await this.attachments.attach(newAttachment(row, type, blobKey, stored), c.patientId, actor);
    } catch (err) {
      await repo.finish(this.db, row.id, 'rejected', err instanceof AppError ? err.code : 'INTERNAL');
      // blobs no row refers to go; once the attachment insert has started, its row may be committed
      if (!attaching) for (const key of written) await this.blobs.delete(key).catch(() => undefined);
      throw err;
    } finally {
      await this.removeScratch(row.id);
      this.completing.delete(row.id);
    }
  }

  /**
   * The pipeline of a finished upload of `kind dicom`: size and checksum as for any upload, then the imaging
   * module ingests the file (one DICOM file or a zip of them) for the case and reports each file's outcome.
   * Refused as a whole (a hostile zip, neither zip nor DICOM), nothing is stored; the scratch files go either way.
   */
  async completeDicom(actor: Actor, row: repo.UploadRow, declaredSha256: string | undefined): Promise<DicomUploadResult> {
    if (this.completing.has(row.id) || !this.dicom) throw new AppError('UPLOAD_NOT_FOUND');
    this.completing.add(row.id);
    const file = path.join(this.scratchDir, row.id);
    try {
      if ((await fs.stat(file)).size !== row.declaredSize) throw new AppError('UPLOAD_INVALID', 'The upload is not complete.');
      if (declaredSha256 && (await sha256Of(file)) !== declaredSha256) throw new AppError('UPLOAD_CHECKSUM_MISMATCH');
      const c = await this.attachments.requireWritable(actor, row.caseId, 'case.upload');
      const result = await this.dicom.ingestUpload(actor, c, file);
      await repo.finish(this.db, row.id, 'ready');
      return result;
    } catch (err) {
      await repo.finish(this.db, row.id, 'rejected', err instanceof AppError ? err.code : 'INTERNAL');
      throw err;
    } finally {
      await this.removeScratch(row.id);
      this.completing.delete(row.id);
    }
  }

  /** A PDF is stored as received: one pass over the file hashes and encrypts it. */
  private async storeDocument(file: string, blobKey: string, declaredSha256: string | undefined): Promise<StoredUpload> {
    const stored = await this.blobs.putStream(blobKey, createReadStream(file, { highWaterMark: READ_BYTES }));
    if (declaredSha256 && stored.sha256 !== declaredSha256) throw new AppError('UPLOAD_CHECKSUM_MISMATCH');
    return { ...stored, thumbnailKey: null, quality: null };
  }

  /** An image: checksum of what was received, then sharp from the file to a re-encoded file, then encrypted. */
  private async storeImage(file: string, type: Exclude<DetectedType, 'application/pdf'>, blobKey: string, declaredSha256: string | undefined): Promise<StoredUpload> {
    if (declaredSha256 && (await sha256Of(file)) !== declaredSha256) throw new AppError('UPLOAD_CHECKSUM_MISMATCH');
    const processed = await processImage(file, type, this.config.uploadMaxPixels, `${file}${REENCODED}`);
    const stored = await this.blobs.putStream(blobKey, createReadStream(processed.output, { highWaterMark: READ_BYTES }));
    const thumbnailKey = `${blobKey}-thumb`;
    await this.blobs.put(thumbnailKey, processed.thumbnail);
    return { ...stored, thumbnailKey, quality: processed.quality };
  }

  /** The upload's scratch files: tus's data and metadata, and our re-encoded image. */
  private async removeScratch(id: string): Promise<void> {
    await this.store.remove(id).catch(() => undefined);
    await fs.rm(path.join(this.scratchDir, `${id}${REENCODED}`), { force: true });
  }

  /** Expires unfinished uploads past their time: rows marked `expired`, scratch files deleted. */
  async expireUnfinished(): Promise<number> {
    const ids = await repo.listExpired(this.db, new Date(this.clock()), 500);
    for (const id of ids) {
      if (this.completing.has(id)) continue; // its last bytes arrived in time; the pipeline is running
      if (await repo.finish(this.db, id, 'expired')) await this.removeScratch(id);
    }
    return ids.length;
  }

  /** A stored attachment (or its thumbnail), decrypted as it streams, for a caller allowed to read the case. */
  async download(actor: Actor, caseId: string, attachmentId: string, variant: 'original' | 'thumbnail'): Promise<Download> {
    const a = await this.attachments.read(actor, caseId, attachmentId);
    const key = variant === 'thumbnail' ? a.thumbnailBlobKey : a.blobKey;
    if (!key) throw new AppError('ATTACHMENT_NOT_FOUND');
    const contentType = variant === 'thumbnail' ? 'image/jpeg' : a.contentType ?? 'application/octet-stream';
    const blob = await this.blobs.open(key);
    return { ...blob, contentType, sha256: variant === 'original' ? a.storedSha256 : null };
  }
}
