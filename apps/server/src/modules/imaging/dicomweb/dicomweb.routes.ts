import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/actor.js';
import { AppError } from '../../../platform/errors.js';
import type { Api } from '../../../platform/http.js';
import type { Services } from '../../../services.js';
import { boundaryOf, multipartResponse, parseMultipart } from './multipart.js';
import { stow } from './stow.js';
import { DicomwebService, type Level, type Scope } from './wado.js';

const Uid = Type.String({ pattern: '^[0-9.]{1,64}$' });
const P = {
  study: Type.Object({ study: Uid }),
  series: Type.Object({ study: Uid, series: Uid }),
  instance: Type.Object({ study: Uid, series: Uid, instance: Uid }),
};
const DICOM_JSON = 'application/dicom+json';

/** An array as the async iterable multipartResponse streams from. */
async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}
const R = '/dicomweb';

/** Accept negotiation for retrieval (PS3.18 §8.7): multipart/related of application/dicom, or anything. */
function checkAccept(req: FastifyRequest, type: string): void {
  const a = req.headers.accept;
  if (!a || a.includes('*/*') || a.includes('multipart/related; type=*')) return;
  if (a.includes('multipart/related') && (!/type=/.test(a) || a.includes(`type="${type}"`) || a.includes(`type=${type}`))) return;
  throw new AppError('DICOMWEB_NOT_ACCEPTABLE');
}

function imageType(req: FastifyRequest): 'image/png' | 'image/jpeg' {
  const a = req.headers.accept ?? '*/*';
  if (a.includes('image/png') && !a.includes('image/jpeg')) return 'image/png';
  if (a.includes('image/jpeg') || a.includes('image/*') || a.includes('*/*')) return 'image/jpeg';
  throw new AppError('DICOMWEB_NOT_ACCEPTABLE');
}

/** CORS for external viewers (DICOMWEB_CORS_ORIGINS): bearer-token calls from the listed origins only. */
function registerCors(app: Api, origins: string[]): void {
  if (origins.length === 0) return;
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (!origin || !origins.includes(origin) || !req.url.startsWith(R)) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin').header('access-control-expose-headers', 'content-type, content-location, warning');
    if (req.method === 'OPTIONS') {
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS').header('access-control-allow-headers', 'authorization, accept, content-type').header('access-control-max-age', '600');
      await reply.code(204).send();
    }
  });
  app.options(`${R}/*`, { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => reply.code(204).send());
}

/**
 * DICOMweb (DICOM PS3.18) under /dicomweb: STOW-RS, QIDO-RS and WADO-RS, authenticated and authorized like
 * the API (bearer token or session; `imaging.read` / `imaging.write`), over the studies the caller may see.
 */
export function dicomwebRoutes(app: Api, services: Services): void {
  const { config } = services;
  const dw = new DicomwebService(services.imaging, services.blobs, services.audit, `${config.publicUrl}${R}`);
  registerCors(app, config.dicomwebCorsOrigins);
  app.addContentTypeParser('multipart/related', { parseAs: 'buffer', bodyLimit: config.stowMaxBytes }, (_req, body, done) => done(null, body));
  const read = { config: { access: 'imaging.read' as const }, schema: { hide: true } };

  // STOW-RS (PS3.18 §10.5)
  const stowHandler = async (req: FastifyRequest<{ Params: { study?: string }; Querystring: { site?: string; case?: string } }>, reply: FastifyReply) => {
    const ct = req.headers['content-type'] ?? '';
    if (!/^multipart\/related/i.test(ct) || !/type="?application\/dicom"?(;|\s|$)/i.test(ct)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'STOW-RS takes multipart/related; type="application/dicom".');
    const boundary = boundaryOf(ct);
    if (!boundary || !Buffer.isBuffer(req.body)) throw new AppError('MALFORMED_BODY', 'The multipart boundary is missing.');
    const parts = parseMultipart(req.body, boundary);
    const target = { studyUid: req.params.study ?? null, siteId: req.query.site ?? null, caseId: req.query.case ?? null };
    const out = await stow({ imaging: services.imaging, ingest: services.imagingIngest }, requireActor(req.ctx.actor), parts, target, dw.base);
    return reply.code(out.status).type(DICOM_JSON).send(JSON.stringify(out.body));
  };
  const StowQuery = Type.Object({ site: Type.Optional(Type.String({ format: 'uuid' })), case: Type.Optional(Type.String({ format: 'uuid' })) }, { additionalProperties: false });
  const stowOpts = { config: { access: 'imaging.write' as const }, bodyLimit: config.stowMaxBytes, schema: { hide: true, querystring: StowQuery } };
  app.post(`${R}/studies`, stowOpts, stowHandler);
  app.post(`${R}/studies/:study`, { ...stowOpts, schema: { ...stowOpts.schema, params: P.study } }, stowHandler);

  // QIDO-RS (PS3.18 §10.6)
  const search = (level: Level) => async (req: FastifyRequest<{ Params: Scope }>, reply: FastifyReply) => {
    const { items, ignored } = await dw.search(requireActor(req.ctx.actor), level, req.params, req.query as Record<string, unknown>);
    if (ignored.length) reply.header('warning', `299 - "The following query keys are not supported and were ignored: ${ignored.join(', ')}"`);
    return reply.type(DICOM_JSON).send(JSON.stringify(items));
  };
  app.get(`${R}/studies`, read, search('studies'));
  app.get(`${R}/series`, read, search('series'));
  app.get(`${R}/instances`, read, search('instances'));
  app.get(`${R}/studies/:study/series`, { ...read, schema: { hide: true, params: P.study } }, search('series'));
  app.get(`${R}/studies/:study/instances`, { ...read, schema: { hide: true, params: P.study } }, search('instances'));
  app.get(`${R}/studies/:study/series/:series/instances`, { ...read, schema: { hide: true, params: P.series } }, search('instances'));

  // WADO-RS (PS3.18 §10.4): instances, metadata, frames, bulk data, rendered, thumbnail
  const retrieve = async (req: FastifyRequest<{ Params: Scope & { study: string } }>, reply: FastifyReply) => {
    checkAccept(req, 'application/dicom');
    const rows = await dw.instances(requireActor(req.ctx.actor), req.params, 'imaging.retrieve');
    const parts = (async function* () {
      for await (const { row, bytes } of dw.read(rows)) yield { contentType: `application/dicom; transfer-syntax=${row.transferSyntaxUid}`, location: dw.instanceUrl(req.params.study, row), body: bytes };
    })();
    const out = multipartResponse('application/dicom', parts);
    return reply.type(out.contentType).send(out.stream);
  };
  app.get(`${R}/studies/:study`, { ...read, schema: { hide: true, params: P.study } }, retrieve);
  app.get(`${R}/studies/:study/series/:series`, { ...read, schema: { hide: true, params: P.series } }, retrieve);
  app.get(`${R}/studies/:study/series/:series/instances/:instance`, { ...read, schema: { hide: true, params: P.instance } }, retrieve);

  const metadata = async (req: FastifyRequest<{ Params: Scope & { study: string } }>, reply: FastifyReply) =>
    reply.type(DICOM_JSON).send(JSON.stringify(await dw.metadata(requireActor(req.ctx.actor), req.params)));
  app.get(`${R}/studies/:study/metadata`, { ...read, schema: { hide: true, params: P.study } }, metadata);
  app.get(`${R}/studies/:study/series/:series/metadata`, { ...read, schema: { hide: true, params: P.series } }, metadata);
  app.get(`${R}/studies/:study/series/:series/instances/:instance/metadata`, { ...read, schema: { hide: true, params: P.instance } }, metadata);

  const FramesParams = Type.Object({ study: Uid, series: Uid, instance: Uid, frames: Type.String({ pattern: '^[0-9]{1,6}(,[0-9]{1,6}){0,999}$' }) });
  app.get(`${R}/studies/:study/series/:series/instances/:instance/frames/:frames`, { ...read, schema: { hide: true, params: FramesParams } }, async (req, reply) => {
    const { frames, ...scope } = req.params;
    const out = await dw.frames(requireActor(req.ctx.actor), scope, frames);
    const m = multipartResponse(out.type.split(';')[0]!, toAsync(out.frames.map((body) => ({ contentType: out.type, body }))));
    return reply.type(m.contentType).send(m.stream);
  });
  const BulkParams = Type.Object({ study: Uid, series: Uid, instance: Uid, tag: Type.String({ pattern: '^[0-9A-Fa-f]{8}$' }) });
  app.get(`${R}/studies/:study/series/:series/instances/:instance/bulkdata/:tag`, { ...read, schema: { hide: true, params: BulkParams } }, async (req, reply) => {
    const { tag, ...scope } = req.params;
    const buffers = await dw.bulkdata(requireActor(req.ctx.actor), scope, tag);
    const m = multipartResponse('application/octet-stream', toAsync(buffers.map((body) => ({ contentType: 'application/octet-stream', body }))));
    return reply.type(m.contentType).send(m.stream);
  });

  const RenderQuery = Type.Object({ window: Type.Optional(Type.String({ maxLength: 64 })) });
  const render = (thumbnail: boolean) => async (req: FastifyRequest<{ Params: Scope & { study: string; frame?: string }; Querystring: { window?: string } }>, reply: FastifyReply) => {
    const actor = requireActor(req.ctx.actor);
    const type = imageType(req);
    const scope = req.params.instance ? (req.params as Required<Scope>) : await dw.representative(actor, req.params);
    const frame = req.params.frame === undefined ? 1 : Number(req.params.frame);
    const image = await dw.rendered(actor, { study: scope.study, series: scope.series, instance: scope.instance }, frame, type, req.query.window, thumbnail ? 128 : null);
    return reply.type(type).header('content-disposition', 'inline').send(image);
  };
  const FrameParams = Type.Object({ study: Uid, series: Uid, instance: Uid, frame: Type.String({ pattern: '^[1-9][0-9]{0,5}$' }) });
  app.get(`${R}/studies/:study/series/:series/instances/:instance/rendered`, { ...read, schema: { hide: true, params: P.instance, querystring: RenderQuery } }, render(false));
  app.get(`${R}/studies/:study/series/:series/instances/:instance/frames/:frame/rendered`, { ...read, schema: { hide: true, params: FrameParams, querystring: RenderQuery } }, render(false));
  app.get(`${R}/studies/:study/series/:series/instances/:instance/thumbnail`, { ...read, schema: { hide: true, params: P.instance, querystring: RenderQuery } }, render(true));
  app.get(`${R}/studies/:study/series/:series/thumbnail`, { ...read, schema: { hide: true, params: P.series, querystring: RenderQuery } }, render(true));
  app.get(`${R}/studies/:study/thumbnail`, { ...read, schema: { hide: true, params: P.study, querystring: RenderQuery } }, render(true));
}
