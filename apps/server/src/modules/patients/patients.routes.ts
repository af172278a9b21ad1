import { Type } from 'typebox';
import { Uuid } from '@telehealth/contracts/common';
import {
  CareTeam,
  CareTeamAdd,
  Patient,
  PatientCreate,
  PatientList,
  PatientListQuery,
  PatientUpdate,
} from '@telehealth/contracts/identity';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { UsersService } from '../identity/users.service.js';
import type { PatientsService } from './patients.service.js';

const PatientParams = Type.Object({ patientId: Uuid }, { additionalProperties: false });
const MemberParams = Type.Object({ patientId: Uuid, userId: Uuid }, { additionalProperties: false });

export function patientsRoutes(app: Api, s: { patients: PatientsService; users: UsersService }): void {
  const p = `${API_PREFIX}/patients`;
  const tags = ['patients'];

  app.get(
    p,
    { config: { access: 'patient.read' }, schema: { tags, querystring: PatientListQuery, response: withProblems({ 200: PatientList }) } },
    async (req) => s.patients.list(requireActor(req.ctx.actor), req.query),
  );
  app.post(
    p,
    { config: { access: 'patient.write' }, schema: { tags, body: PatientCreate, response: withProblems({ 201: Patient }) } },
    async (req, reply) => reply.code(201).send(await s.patients.create(requireActor(req.ctx.actor), req.body)),
  );
  app.get(
    `${p}/:patientId`,
    { config: { access: 'patient.read' }, schema: { tags, params: PatientParams, response: withProblems({ 200: Patient }) } },
    async (req) => s.patients.get(requireActor(req.ctx.actor), req.params.patientId),
  );
  app.patch(
    `${p}/:patientId`,
    { config: { access: 'patient.write' }, schema: { tags, params: PatientParams, body: PatientUpdate, response: withProblems({ 200: Patient }) } },
    async (req) => s.patients.update(requireActor(req.ctx.actor), req.params.patientId, req.body),
  );
  app.get(
    `${p}/:patientId/care-team`,
    { config: { access: 'patient.read' }, schema: { tags, params: PatientParams, response: withProblems({ 200: CareTeam }) } },
    async (req) => ({ items: await s.patients.careTeam(requireActor(req.ctx.actor), req.params.patientId) }),
  );
  app.post(
    `${p}/:patientId/care-team`,
    {
      config: { access: 'care_team.write' },
      schema: { tags, params: PatientParams, body: CareTeamAdd, response: withProblems({ 204: Type.Null() }) },
    },
    async (req, reply) => {
      const actor = requireActor(req.ctx.actor);
      const member = await s.users.get(actor, req.body.userId).catch(() => null);
      await s.patients.addToCareTeam(actor, req.params.patientId, req.body.userId, member !== null && !member.disabled);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    `${p}/:patientId/care-team/:userId`,
    { config: { access: 'care_team.write' }, schema: { tags, params: MemberParams, response: withProblems({ 204: Type.Null() }) } },
    async (req, reply) => {
      await s.patients.removeFromCareTeam(requireActor(req.ctx.actor), req.params.patientId, req.params.userId);
      return reply.code(204).send(null);
    },
  );
}

