import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.js';
import { registerAccess, type RouteAccess } from './platform/access.js';
import { systemClock, type Clock } from './platform/clock.js';
import type { Database } from './platform/db.js';
import { registerErrorHandler } from './platform/error-handler.js';
import { API_PREFIX, type Api } from './platform/http.js';
import { registerJsonBodyParser } from './platform/json-body.js';
import { loadMasterKey } from './platform/keys.js';
import { loggerOptions } from './platform/logger.js';
import { runWithContext } from './platform/request-context.js';
import { registerSecurity } from './platform/security.js';
import { registerValidation } from './platform/validation.js';
import { registerWeb } from './platform/web.js';
import { createServices, type Services } from './services.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { authRoutes } from './modules/identity/auth.routes.js';
import { directoryRoutes } from './modules/identity/directory.routes.js';
import { patientsRoutes } from './modules/patients/patients.routes.js';
import { signallingRoutes } from './modules/visits/signalling/signalling.routes.js';
import { visitsRoutes } from './modules/visits/visits.routes.js';
import { registerVisitPollers } from './modules/visits/visit-pollers.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { uploadsRoutes } from './modules/uploads/uploads.routes.js';
import { billingRoutes } from './modules/billing/billing.routes.js';
import { encountersRoutes } from './modules/billing/encounters.routes.js';
import { caseTimeRoutes } from './modules/cases/case-time.routes.js';
import { caseFlowRoutes } from './modules/cases/case-flow.routes.js';
import { caseCriticalRoutes } from './modules/cases/case-critical.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { caseOutputsRoutes } from './modules/cases/case-outputs.routes.js';
import { imagingRoutes } from './modules/imaging/imaging.routes.js';
import { registerImaging } from './modules/imaging/imaging-lifecycle.js';

export interface AppDeps {
  database: Database;
  clock?: Clock;
  masterKey?: Buffer;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    /** Every /api/v1 route with its declared access rule. */
    apiRoutes: RouteAccess[];
  }
}

/**
 * Builds the HTTP application: platform plugins, then every module's routes. Never listens (tests use
 * `inject()`); main.ts listens. The database is opened and migrated by the caller.
 */
export async function buildApp(config: Config, deps: AppDeps): Promise<Api> {
  const clock = deps.clock ?? systemClock;
  const services = createServices(config, deps.database, clock, deps.masterKey ?? loadMasterKey(config));
  const app = Fastify({
    logger: loggerOptions(config),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('services', services);
  app.decorate('apiRoutes', [] as RouteAccess[]);
  app.decorateRequest('ctx', null as never);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('authStage', null);

  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    req.ctx = {
      requestId: req.id,
      sourceIp: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
      actor: null,
      log: req.log,
    };
    runWithContext(req.ctx, done);
  });
  // API answers carry patient data: never cache them anywhere.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith(API_PREFIX)) reply.header('cache-control', 'no-store');
  });
  // Graceful shutdown: close() only reaps connections idle at that moment. A keep-alive connection whose
  // request is still in flight would otherwise hold the server open for the whole keep-alive time-out.
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', async (_req, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  registerErrorHandler(app);
  registerValidation(app);
  registerJsonBodyParser(app);
  await registerSecurity(app, config);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Telehealth platform API', version: '1.0.0' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'th_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null },
    staticCSP: true,
    // The UI's own policy, tightened: no framing, no outside hosts.
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/ validator\.swagger\.io| https:/g, '')
        .replace(/ ?upgrade-insecure-requests;?/, ''),
  });

  const routeTable = registerAccess(app, services.auth, (req, reason, actor) =>
    services.audit.record({
      action: 'access.denied',
      outcome: 'denied',
      actor,
      detail: { reason, method: req.method, route: req.routeOptions.url ?? 'unknown' },
    }),
  );

  healthRoutes(app, services);
  authRoutes(app, services);
  directoryRoutes(app, services);
  patientsRoutes(app, services);
  visitsRoutes(app, services);
  await signallingRoutes(app, services);
  registerVisitPollers(app, services);
  auditRoutes(app, services);
  casesRoutes(app, services);
  uploadsRoutes(app, services);
  billingRoutes(app, services);
  encountersRoutes(app, services);
  caseTimeRoutes(app, services);
  caseFlowRoutes(app, services);
  caseCriticalRoutes(app, services);
  notificationsRoutes(app, services);
  caseOutputsRoutes(app, services);
  imagingRoutes(app, services);
  await registerImaging(app, services);
  app.get(`${API_PREFIX}/openapi.json`, { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());

  app.apiRoutes = routeTable;
  await registerWeb(app, config);
  app.addHook('onClose', async () => {
    await services.audit.flush();
    services.mailer.close();
  });
  return app;
}
