import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from '@telehealth/contracts/common';
import type { SessionStage } from '@telehealth/contracts/identity';
import type { Access } from './policy.js';
import type { RequestContext } from './request-context.js';

/** The Fastify instance type every route module registers on (TypeBox type provider). */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; required on every /api/v1 route (checked at registration). */
    access?: Access;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    csrfToken: string | null;
    authStage: SessionStage | null;
  }
}

/** Adds the problem+json error responses to a route's response schemas (for validation and OpenAPI). */
export function withProblems<T extends Record<number, unknown>>(ok: T): T & { '4xx': typeof Problem; '5xx': typeof Problem } {
  return { ...ok, '4xx': Problem, '5xx': Problem };
}

export const API_PREFIX = '/api/v1';
