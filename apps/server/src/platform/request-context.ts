import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger } from 'fastify';
import type { Actor } from './actor.js';

/** What every layer may know about the request being served (STYLE §6). */
export interface RequestContext {
  requestId: string;
  sourceIp: string | null;
  userAgent: string | null;
  actor: Actor | null;
  log: FastifyBaseLogger;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request's context, or undefined outside a request (CLI, start-up jobs). */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
