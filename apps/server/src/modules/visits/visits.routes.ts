import { Type } from 'typebox';
import {
  Invitation,
  InvitationCreate,
  JoinConsent,
  JoinGrant,
  JoinInfo,
  JoinLookup,
  Participant,
  ParticipantParams,
  StaffInvitationCreate,
  StaffInvitationList,
  Visit,
  VisitCreate,
  VisitDay,
  VisitDayQuery,
  VisitDetail,
  VisitNote,
  VisitNoteCreate,
  VisitNoteList,
  VisitReschedule,
} from '@telehealth/contracts/visits';
import { IdParams } from '@telehealth/contracts/common';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { VisitJoinService } from './visit-join.service.js';
import type { VisitNotesService } from './visit-notes.service.js';
import type { VisitStaffService } from './visit-staff.service.js';
import type { VisitsService } from './visits.service.js';

const VisitParams = IdParams('visitId');

/** Staff scheduling routes and the account-less join routes (the join token travels in the body, never the URL). */
export function visitsRoutes(app: Api, s: { visits: VisitsService; visitJoin: VisitJoinService; visitNotes: VisitNotesService; visitStaff: VisitStaffService }): void {
  const p = `${API_PREFIX}/visits`;
  const tags = ['visits'];
  app.get(
    `${API_PREFIX}/sites/:siteId/visits`,
    { config: { access: 'visit.read' }, schema: { tags, params: IdParams('siteId'), querystring: VisitDayQuery, response: withProblems({ 200: VisitDay }) } },
    async (req) => s.visits.listDay(requireActor(req.ctx.actor), req.params.siteId as string, req.query),
  );
  app.post(p, { config: { access: 'visit.write' }, schema: { tags, body: VisitCreate, response: withProblems({ 201: Visit }) } }, async (req, reply) =>
    reply.code(201).send(await s.visits.create(requireActor(req.ctx.actor), req.body)),
  );
  app.get(
    `${p}/:visitId`,
    { config: { access: 'visit.read' }, schema: { tags, params: VisitParams, response: withProblems({ 200: VisitDetail }) } },
    async (req) => s.visits.get(requireActor(req.ctx.actor), req.params.visitId as string),
  );
  app.get(
    `${p}/:visitId/connection`,
    { config: { access: 'visit.read' }, schema: { tags, params: VisitParams, response: withProblems({ 200: JoinGrant }) } },
    async (req) => s.visits.staffGrant(requireActor(req.ctx.actor), req.params.visitId as string),
  );
  app.patch(
    `${p}/:visitId`,
    { config: { access: 'visit.write' }, schema: { tags, params: VisitParams, body: VisitReschedule, response: withProblems({ 200: Visit }) } },
    async (req) => s.visits.reschedule(requireActor(req.ctx.actor), req.params.visitId as string, req.body),
  );
  app.post(
    `${p}/:visitId/cancel`,
    { config: { access: 'visit.write' }, schema: { tags, params: VisitParams, response: withProblems({ 200: Visit }) } },
    async (req) => s.visits.cancel(requireActor(req.ctx.actor), req.params.visitId as string),
  );
  app.post(
    `${p}/:visitId/invitations`,
    { config: { access: 'visit.write' }, schema: { tags, params: VisitParams, body: InvitationCreate, response: withProblems({ 201: Invitation }) } },
    async (req, reply) => reply.code(201).send(await s.visits.invite(requireActor(req.ctx.actor), req.params.visitId as string, req.body)),
  );
  // A platform user (clinician, specialist) joins with their own session: no link, no token.
  app.post(
    `${p}/:visitId/participants`,
    { config: { access: 'visit.write' }, schema: { tags, params: VisitParams, body: StaffInvitationCreate, response: withProblems({ 201: Participant }) } },
    async (req, reply) => reply.code(201).send(await s.visitStaff.invite(requireActor(req.ctx.actor), req.params.visitId as string, req.body)),
  );
  app.get(
    `${API_PREFIX}/visit-invitations`,
    { config: { access: 'visit.read' }, schema: { tags, response: withProblems({ 200: StaffInvitationList }) } },
    async (req) => s.visitStaff.mine(requireActor(req.ctx.actor)),
  );
  app.delete(
    `${p}/:visitId/participants/:participantId`,
    { config: { access: 'visit.write' }, schema: { tags, params: ParticipantParams, response: withProblems({ 204: Type.Null() }) } },
    async (req, reply) => {
      await s.visits.revoke(requireActor(req.ctx.actor), req.params.visitId, req.params.participantId);
      return reply.code(204).send(null);
    },
  );
  // The clinician's notes: staff who may write the visit only; never the patient.
  app.get(
    `${p}/:visitId/notes`,
    { config: { access: 'visit.write' }, schema: { tags, params: VisitParams, response: withProblems({ 200: VisitNoteList }) } },
    async (req) => s.visitNotes.list(requireActor(req.ctx.actor), req.params.visitId as string),
  );
  app.post(
    `${p}/:visitId/notes`,
    { config: { access: 'visit.write' }, schema: { tags, params: VisitParams, body: VisitNoteCreate, response: withProblems({ 201: VisitNote }) } },
    async (req, reply) => reply.code(201).send(await s.visitNotes.add(requireActor(req.ctx.actor), req.params.visitId as string, req.body)),
  );
  // Account-less join: the credential is the join token in the body.
  const j = `${API_PREFIX}/join`;
  const joinTags = ['visit join'];
  app.post(j, { config: { access: 'public' }, schema: { tags: joinTags, body: JoinLookup, response: withProblems({ 200: JoinInfo }) } }, async (req) =>
    s.visitJoin.lookup(req.body.token),
  );
  app.post(
    `${j}/consent`,
    { config: { access: 'public' }, schema: { tags: joinTags, body: JoinConsent, response: withProblems({ 200: JoinGrant }) } },
    async (req) => s.visitJoin.consent(req.body),
  );
}
