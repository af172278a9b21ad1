import { Type } from 'typebox';
import {
  AeTitle,
  AeTitleCreate,
  AeTitleList,
  AeTitleParams,
  AttachStudy,
  CaseFromStudy,
  CaseFromStudyResult,
  ExpectedStudy,
  ExpectedStudyCreate,
  ImagingStudy,
  InboxList,
  InboxQuery,
  StudyParams,
} from '@telehealth/contracts/imaging';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { ImagingExportService } from './imaging-export.service.js';
import type { ImagingService } from './imaging.service.js';

/** The imaging inbox, attaching studies to cases, expected accession numbers and the DIMSE allow-list. */
export function imagingRoutes(app: Api, s: { imaging: ImagingService; imagingExport: ImagingExportService }): void {
  const p = `${API_PREFIX}/imaging`;
  const tags = ['imaging'];
  app.get(`${p}/inbox`, { config: { access: 'imaging.write' }, schema: { tags, querystring: InboxQuery, response: withProblems({ 200: InboxList }) } }, async (req) => ({
    items: await s.imaging.inbox(requireActor(req.ctx.actor), req.query),
  }));
  app.post(
    `${p}/studies/:studyId/attach`,
    { config: { access: 'imaging.write' }, schema: { tags, params: StudyParams, body: AttachStudy, response: withProblems({ 200: ImagingStudy }) } },
    async (req) => s.imaging.attach(requireActor(req.ctx.actor), req.params.studyId, req.body.caseId),
  );
  app.post(
    `${p}/studies/:studyId/case`,
    { config: { access: 'imaging.write' }, schema: { tags, params: StudyParams, body: CaseFromStudy, response: withProblems({ 201: CaseFromStudyResult }) } },
    async (req, reply) => reply.code(201).send(await s.imaging.createCase(requireActor(req.ctx.actor), req.params.studyId, req.body)),
  );
  app.get(
    `${p}/studies/:studyId/deidentified`,
    { config: { access: 'imaging.read' }, schema: { tags, params: StudyParams } },
    async (req, reply) => {
      const out = await s.imagingExport.exportStudy(requireActor(req.ctx.actor), req.params.studyId);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${out.filename}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .header('x-deidentified-instances', String(out.instances))
        .header('x-skipped-burned-in', String(out.skippedBurnedIn))
        .send(out.stream);
    },
  );
  app.post(
    `${p}/expected-studies`,
    { config: { access: 'imaging.write' }, schema: { tags, body: ExpectedStudyCreate, response: withProblems({ 201: ExpectedStudy }) } },
    async (req, reply) => reply.code(201).send(await s.imaging.expect(requireActor(req.ctx.actor), req.body)),
  );
  app.get(`${p}/ae-titles`, { config: { access: 'imaging.admin' }, schema: { tags, response: withProblems({ 200: AeTitleList }) } }, async (req) => ({
    items: await s.imaging.listAeTitles(requireActor(req.ctx.actor)),
  }));
  app.post(`${p}/ae-titles`, { config: { access: 'imaging.admin' }, schema: { tags, body: AeTitleCreate, response: withProblems({ 201: AeTitle }) } }, async (req, reply) =>
    reply.code(201).send(await s.imaging.addAeTitle(requireActor(req.ctx.actor), req.body)),
  );
  app.delete(
    `${p}/ae-titles/:aeTitleId`,
    { config: { access: 'imaging.admin' }, schema: { tags, params: AeTitleParams, response: withProblems({ 204: Type.Null() }) } },
    async (req, reply) => {
      await s.imaging.removeAeTitle(requireActor(req.ctx.actor), req.params.aeTitleId);
      return reply.code(204).send(null);
    },
  );
}
