import { Readable } from 'node:stream';
import { Server as TusServer } from '@tus/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AttachmentParams, AttachmentQuery, DicomUploadResult, UploadParams } from '@telehealth/contracts/uploads';
import { requireActor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { ErrorCode } from '@telehealth/contracts/errors';
import type { UploadsService } from './uploads.service.js';

const UPLOADS = `${API_PREFIX}/uploads`;
const ID_HEADER = 'x-telehealth-upload-id';
const SWEEP_MS = 10 * 60_000;

/** tus answers in plain text; ours are problem+json with a stable code (docs/api.md). */
function codeFor(status: number): ErrorCode {
  if (status === 409) return 'UPLOAD_OFFSET_MISMATCH';
  if (status === 413) return 'UPLOAD_TOO_LARGE';
  if (status === 404 || status === 410) return 'UPLOAD_NOT_FOUND';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  return status >= 500 ? 'INTERNAL' : 'UPLOAD_INVALID';
}

/** Hands the (still unread) request to tus as a web Request; the id header is ours, never the client's. */
async function toTus(tus: TusServer, req: FastifyRequest, id: string | null): Promise<Response> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== ID_HEADER) headers.set(k, v);
  if (id) headers.set(ID_HEADER, id);
  const hasBody = req.method === 'PATCH' || req.method === 'POST';
  const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers };
  if (hasBody) Object.assign(init, { body: Readable.toWeb(req.raw) as ReadableStream, duplex: 'half' });
  return tus.handleWeb(new Request(`http://internal${req.url}`, init));
}

function relay(reply: FastifyReply, res: Response, status = res.status): FastifyReply {
  res.headers.forEach((v, k) => {
    if (k.startsWith('upload-') || k === 'tus-resumable' || k === 'location') void reply.header(k, v);
  });
  return reply.code(status).send();
}

/**
 * tus 1.0.0 resumable uploads (creation, HEAD, PATCH) behind the platform's authentication and policy:
 * an upload belongs to a draft or returned case the caller may write. Attachment downloads: only the
 * stored (re-encoded, metadata-free) image or the PDF as an attachment, typed by our own detection.
 */
export function uploadsRoutes(app: Api, s: { uploads: UploadsService }): void {
  const tus = new TusServer({
    path: UPLOADS,
    datastore: s.uploads.store,
    relativeLocation: true,
    namingFunction: (req) => req.headers.get(ID_HEADER) ?? '',
  });
  const tags = ['uploads'];
  // tus PATCH bodies stream to the data store untouched: Fastify must not buffer or parse them.
  app.addContentTypeParser('application/offset+octet-stream', (_req, _payload, done) => done(null));

  app.post(UPLOADS, { config: { access: 'case.write' }, schema: { tags, response: withProblems({ 201: Type.Null() }) } }, async (req, reply) => {
    const actor = requireActor(req.ctx.actor);
    const id = await s.uploads.begin(actor, req.headers['upload-length'] as string | undefined, req.headers['upload-metadata'] as string | undefined);
    if (req.headers['content-length'] && req.headers['content-length'] !== '0') {
      await s.uploads.abandon(id, 'UPLOAD_INVALID');
      throw new AppError('UPLOAD_INVALID', 'Send the bytes with PATCH after creating the upload.');
    }
    const res = await toTus(tus, req, id);
    if (res.status >= 400) {
      await s.uploads.abandon(id, codeFor(res.status));
      throw new AppError(codeFor(res.status));
    }
    return relay(reply, res);
  });

  app.head(`${UPLOADS}/:uploadId`, { config: { access: 'case.write' }, schema: { tags, params: UploadParams } }, async (req, reply) => {
    await s.uploads.authorize(requireActor(req.ctx.actor), req.params.uploadId);
    const res = await toTus(tus, req, null);
    if (res.status >= 400) throw new AppError(codeFor(res.status));
    return relay(reply, res);
  });

  app.patch(`${UPLOADS}/:uploadId`, { config: { access: 'case.write' }, schema: { tags, params: UploadParams, response: withProblems({ 200: DicomUploadResult, 204: Type.Null() }) } }, async (req, reply) => {
    const actor = requireActor(req.ctx.actor);
    const row = await s.uploads.authorize(actor, req.params.uploadId);
    if (req.headers['content-type'] !== 'application/offset+octet-stream') throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    if (Number(req.headers['upload-offset']) !== (await s.uploads.offset(row.id))) throw new AppError('UPLOAD_OFFSET_MISMATCH');
    const res = await toTus(tus, req, null);
    if (res.status >= 400) throw new AppError(codeFor(res.status));
    if (Number(res.headers.get('upload-offset')) === row.declaredSize) {
      const meta = await creationMetadata(s.uploads, row.id);
      if (meta.kind === 'dicom') {
        // DICOM uploads answer the final PATCH with each file's outcome (tus clients accept any 2xx)
        const result = await s.uploads.completeDicom(actor, row, meta.sha256);
        res.headers.forEach((v, k) => {
          if (k.startsWith('upload-') || k === 'tus-resumable') void reply.header(k, v);
        });
        return reply.code(200).send(result);
      }
      const attachment = await s.uploads.complete(actor, row, meta.sha256);
      void reply.header('x-attachment-id', attachment.id);
    }
    return relay(reply, res, 204);
  });

  app.get(
    `${API_PREFIX}/cases/:caseId/attachments/:attachmentId`,
    { config: { access: 'case.read' }, schema: { tags, params: AttachmentParams, querystring: AttachmentQuery } },
    async (req, reply) => {
      const variant = req.query.variant ?? 'original';
      const file = await s.uploads.download(requireActor(req.ctx.actor), req.params.caseId, req.params.attachmentId, variant);
      const ext = file.contentType.split('/')[1] ?? 'bin';
      const inline = file.contentType.startsWith('image/');
      return reply
        .header('content-type', file.contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="${req.params.attachmentId}.${ext}"`)
        .header('cross-origin-resource-policy', 'same-origin')
        .header('x-content-sha256', file.sha256 ?? 'none')
        .header('content-length', String(file.size))
        .send(file.stream);
    },
  );

  const sweep = setInterval(() => void s.uploads.expireUnfinished().catch((err: unknown) => app.log.warn({ err }, 'upload sweep failed')), SWEEP_MS);
  sweep.unref();
  app.addHook('onClose', (_instance, done) => {
    clearInterval(sweep);
    done();
  });
}

/** The creation metadata tus keeps with the upload: the SHA-256 the client declared and the upload's kind. */
async function creationMetadata(uploads: UploadsService, id: string): Promise<{ sha256?: string; kind?: string }> {
  const info = await uploads.store.getUpload(id).catch(() => null);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { sha256: str(info?.metadata?.sha256), kind: str(info?.metadata?.kind) };
}
