import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  CurrentSession,
  LoginRequest,
  LoginResult,
  MfaCode,
  MfaEnrolment,
  SetupRequest,
  SetupResult,
  SetupStatus,
} from '@telehealth/contracts/identity';
import { servedOverTls, type Config } from '../../config.js';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '../../platform/access.js';
import { requireActor } from '../../platform/actor.js';
import { API_PREFIX, withProblems, type Api } from '../../platform/http.js';
import type { AuthService, IssuedSession } from './auth.service.js';
import type { SetupService } from './setup.service.js';
import type { UsersService } from './users.service.js';
import type { SitesService } from './sites.service.js';

function setSessionCookie(reply: FastifyReply, config: Config, issued: IssuedSession): void {
  const secure = servedOverTls(config);
  reply.setCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, issued.token, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: '/',
    maxAge: config.sessionAbsoluteHours * 3600,
  });
}

export function authRoutes(
  app: Api,
  s: { auth: AuthService; setup: SetupService; users: UsersService; sites: SitesService; config: Config },
): void {
  const p = API_PREFIX;

  app.get(`${p}/setup/status`, { config: { access: 'public' }, schema: { tags: ['setup'], response: withProblems({ 200: SetupStatus }) } }, async () => ({
    needed: await s.setup.needed(),
  }));

  app.post(
    `${p}/setup`,
    { config: { access: 'public' }, schema: { tags: ['setup'], body: SetupRequest, response: withProblems({ 201: SetupResult }) } },
    async (req, reply) => reply.code(201).send(await s.setup.complete(req.body)),
  );

  app.post(
    `${p}/auth/login`,
    {
      config: { access: 'public', rateLimit: { max: s.config.loginRateLimitPerMinute, timeWindow: 60_000, keyGenerator: (req) => req.ip } },
      schema: { tags: ['auth'], body: LoginRequest, response: withProblems({ 200: LoginResult }) },
    },
    async (req, reply) => {
      const issued = await s.auth.login(req.body.email, req.body.password);
      setSessionCookie(reply, s.config, issued);
      return { stage: issued.stage, csrfToken: issued.csrfToken };
    },
  );

  app.post(
    `${p}/auth/mfa/enrol`,
    { config: { access: 'session' }, schema: { tags: ['auth'], response: withProblems({ 200: MfaEnrolment }) } },
    async (req) => s.auth.startEnrolment(requireActor(req.ctx.actor)),
  );

  app.post(
    `${p}/auth/mfa/enrol/confirm`,
    { config: { access: 'session' }, schema: { tags: ['auth'], body: MfaCode, response: withProblems({ 200: LoginResult }) } },
    async (req, reply) => {
      const issued = await s.auth.confirmEnrolment(requireActor(req.ctx.actor), req.body.code);
      setSessionCookie(reply, s.config, issued);
      return { stage: issued.stage, csrfToken: issued.csrfToken };
    },
  );

  app.post(
    `${p}/auth/mfa/verify`,
    { config: { access: 'session' }, schema: { tags: ['auth'], body: MfaCode, response: withProblems({ 200: LoginResult }) } },
    async (req, reply) => {
      const issued = await s.auth.verifyMfa(requireActor(req.ctx.actor), req.body.code);
      setSessionCookie(reply, s.config, issued);
      return { stage: issued.stage, csrfToken: issued.csrfToken };
    },
  );

  app.post(
    `${p}/auth/logout`,
    { config: { access: 'session' }, schema: { tags: ['auth'], response: withProblems({ 204: Type.Null() }) } },
    async (req, reply) => {
      await s.auth.logout(requireActor(req.ctx.actor));
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(SECURE_SESSION_COOKIE, { path: '/', secure: true });
      return reply.code(204).send(null);
    },
  );

  app.get(
    `${p}/auth/session`,
    { config: { access: 'session' }, schema: { tags: ['auth'], response: withProblems({ 200: CurrentSession }) } },
    async (req) => {
      const actor = requireActor(req.ctx.actor);
      const user = await s.users.get(actor, actor.userId);
      return {
        stage: req.authStage ?? 'authenticated',
        csrfToken: req.csrfToken ?? '',
        user: { id: user.id, name: user.name, email: user.email, roles: user.roles },
        organization: await s.auth.organizationOf(actor),
      };
    },
  );
}

