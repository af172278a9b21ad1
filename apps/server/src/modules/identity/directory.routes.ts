import { Type } from 'typebox';
import { IdParams } from '@telehealth/contracts/common';
import {
  ApiTokenCreate,
  ApiTokenCreated,
  ApiTokenList,
  RolesReplace,
  Site,
  SiteCreate,
  SiteList,
  SiteUpdate,
  User,
  UserCreate,
  UserList,
  UserUpdate,
} from '@telehealth/contracts/identity';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { SitesService } from './sites.service.js';
import type { TokensService } from './tokens.service.js';
import type { UsersService } from './users.service.js';

const SiteParams = IdParams('siteId');
const UserParams = IdParams('userId');
const TokenParams = IdParams('tokenId');

/** Sites, users and roles, and personal API tokens. */
export function directoryRoutes(app: Api, s: { sites: SitesService; users: UsersService; tokens: TokensService }): void {
  const p = API_PREFIX;
  const tags = ['directory'];

  app.get(`${p}/sites`, { config: { access: 'site.read' }, schema: { tags, response: withProblems({ 200: SiteList }) } }, async (req) => ({
    items: await s.sites.list(requireActor(req.ctx.actor)),
  }));
  app.post(
    `${p}/sites`,
    { config: { access: 'site.write' }, schema: { tags, body: SiteCreate, response: withProblems({ 201: Site }) } },
    async (req, reply) => reply.code(201).send(await s.sites.create(requireActor(req.ctx.actor), req.body)),
  );
  app.get(
    `${p}/sites/:siteId`,
    { config: { access: 'site.read' }, schema: { tags, params: SiteParams, response: withProblems({ 200: Site }) } },
    async (req) => s.sites.get(requireActor(req.ctx.actor), req.params.siteId as string),
  );
  app.patch(
    `${p}/sites/:siteId`,
    { config: { access: 'site.write' }, schema: { tags, params: SiteParams, body: SiteUpdate, response: withProblems({ 200: Site }) } },
    async (req) => s.sites.update(requireActor(req.ctx.actor), req.params.siteId as string, req.body),
  );

  app.get(`${p}/users`, { config: { access: 'user.read' }, schema: { tags, response: withProblems({ 200: UserList }) } }, async (req) => ({
    items: await s.users.list(requireActor(req.ctx.actor)),
  }));
  app.post(
    `${p}/users`,
    { config: { access: 'user.write' }, schema: { tags, body: UserCreate, response: withProblems({ 201: User }) } },
    async (req, reply) => {
      const actor = requireActor(req.ctx.actor);
      return reply.code(201).send(await s.users.create(actor.organizationId, req.body, actor));
    },
  );
  app.get(
    `${p}/users/:userId`,
    { config: { access: 'user.read' }, schema: { tags, params: UserParams, response: withProblems({ 200: User }) } },
    async (req) => s.users.get(requireActor(req.ctx.actor), req.params.userId as string),
  );
  app.patch(
    `${p}/users/:userId`,
    { config: { access: 'user.write' }, schema: { tags, params: UserParams, body: UserUpdate, response: withProblems({ 200: User }) } },
    async (req) => s.users.update(requireActor(req.ctx.actor), req.params.userId as string, req.body),
  );
  app.put(
    `${p}/users/:userId/roles`,
    { config: { access: 'user.write' }, schema: { tags, params: UserParams, body: RolesReplace, response: withProblems({ 200: User }) } },
    async (req) => s.users.replaceRoles(requireActor(req.ctx.actor), req.params.userId as string, req.body.roles),
  );

  app.get(`${p}/tokens`, { config: { access: 'token.manage' }, schema: { tags, response: withProblems({ 200: ApiTokenList }) } }, async (req) => ({
    items: await s.tokens.list(requireActor(req.ctx.actor)),
  }));
  app.post(
    `${p}/tokens`,
    { config: { access: 'token.manage' }, schema: { tags, body: ApiTokenCreate, response: withProblems({ 201: ApiTokenCreated }) } },
    async (req, reply) => {
      const actor = requireActor(req.ctx.actor);
      return reply.code(201).send(await s.tokens.create(actor.userId, req.body));
    },
  );
  app.delete(
    `${p}/tokens/:tokenId`,
    { config: { access: 'token.manage' }, schema: { tags, params: TokenParams, response: withProblems({ 204: Type.Null() }) } },
    async (req, reply) => {
      await s.tokens.revoke(requireActor(req.ctx.actor), req.params.tokenId as string);
      return reply.code(204).send(null);
    },
  );
}

