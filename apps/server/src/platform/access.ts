import type { FastifyRequest } from 'fastify';
import type { SessionStage } from '@telehealth/contracts/identity';
import type { Actor } from './actor.js';
import { AppError } from './errors.js';
import { API_PREFIX, type Api } from './http.js';
import { can, type Access } from './policy.js';

export const SESSION_COOKIE = 'th_session';
export const SECURE_SESSION_COOKIE = '__Host-th_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface Credential {
  actor: Actor;
  stage: SessionStage;
  csrfToken: string | null;
}

/** How the access layer learns who is calling: implemented by the identity module. */
export interface Authenticator {
  resolveSession(token: string): Promise<Credential | null>;
  resolveToken(bearer: string): Promise<Credential | null>;
}

/** Called for every refusal so it lands in the audit trail. */
export type DenialRecorder = (req: FastifyRequest, reason: string, actor: Actor | null) => Promise<void>;

/** One registered API route and the access rule it declared (the access-matrix test enumerates these). */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Enforces `config.access` on every route before its input is even validated: authentication, the MFA
 * stage, the route's permission from the policy layer, and CSRF for cookie-authenticated writes.
 * A route under /api/v1 without `config.access` fails at start-up, so no route can forget.
 */
export function registerAccess(app: Api, auth: Authenticator, recordDenial: DenialRecorder): RouteAccess[] {
  const table: RouteAccess[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(`${API_PREFIX}/`)) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method.toString()} ${route.url} declares no config.access`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access });
  });

  app.addHook('preValidation', async (req) => {
    const access: Access | undefined = req.routeOptions.config.access;
    if (!access) return;
    const credential = await authenticate(req, auth);
    if (credential) {
      req.ctx.actor = credential.actor;
      req.csrfToken = credential.csrfToken;
      req.authStage = credential.stage;
    }
    if (access === 'public') return;
    if (!credential) {
      await recordDenial(req, 'unauthenticated', null);
      throw new AppError(bearerOf(req) !== null ? 'TOKEN_INVALID' : presentedCredential(req) ? 'SESSION_EXPIRED' : 'UNAUTHENTICATED');
    }
    if (credential.actor.via === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== credential.csrfToken) {
        await recordDenial(req, 'csrf', credential.actor);
        throw new AppError('CSRF_TOKEN_INVALID');
      }
    }
    if (access === 'session') return;
    if (credential.stage === 'mfa_enrol') throw new AppError('MFA_ENROLMENT_REQUIRED');
    if (credential.stage === 'mfa_challenge') throw new AppError('MFA_REQUIRED');
    if (access === 'authenticated') return;
    if (!can(credential.actor, access)) {
      await recordDenial(req, `missing permission ${access}`, credential.actor);
      throw new AppError('FORBIDDEN');
    }
  });
  return table;
}

function bearerOf(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer ([A-Za-z0-9_\-.~+/]+=*)$/.exec(h);
  return m?.[1] ?? '';
}

function sessionCookieOf(req: FastifyRequest): string | null {
  return req.cookies[SECURE_SESSION_COOKIE] ?? req.cookies[SESSION_COOKIE] ?? null;
}

function presentedCredential(req: FastifyRequest): boolean {
  return bearerOf(req) !== null || sessionCookieOf(req) !== null;
}

async function authenticate(req: FastifyRequest, auth: Authenticator): Promise<Credential | null> {
  const bearer = bearerOf(req);
  if (bearer !== null) return bearer ? auth.resolveToken(bearer) : null;
  const cookie = sessionCookieOf(req);
  if (cookie && cookie.length <= 100) return auth.resolveSession(cookie);
  return null;
}
