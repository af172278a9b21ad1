import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { servedOverTls, type Config } from '../config.js';
import { AppError } from './errors.js';
import type { Api } from './http.js';

/**
 * Security headers and rate limits. CSP forbids inline script and framing; HSTS is sent only when the
 * platform is reached over TLS (sending it over plain HTTP is ignored by browsers and misleads operators).
 */
export async function registerSecurity(app: Api, config: Config): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: servedOverTls(config) ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });

  // Keyed by the signed-in account when there is one (resolved in preValidation), else by address.
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => (req.ctx?.actor ? `user:${req.ctx.actor.userId}` : `ip:${req.ip}`),
    allowList: (req) => req.url === '/healthz' || req.url === '/readyz',
    errorResponseBuilder: (_req, ctx) =>
      new AppError('RATE_LIMITED', `Retry in ${Math.ceil(ctx.ttl / 1000)} s.`, {
        headers: { 'retry-after': String(Math.ceil(ctx.ttl / 1000)) },
      }),
  });
}
