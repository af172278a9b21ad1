import type { Api } from '../../platform/http.js';
import type { Services } from '../../services.js';
import { dicomwebRoutes } from './dicomweb/dicomweb.routes.js';
import { startDimseReceiver, type DimseReceiver } from './dimse/dimse-server.js';
import { findAeTitle } from './imaging.repo.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The DIMSE receiver while the app runs with DIMSE_ENABLED (null otherwise). */
    dimse: () => DimseReceiver | null;
  }
}

/**
 * Wires imaging into the app: the /dicomweb routes, and — while the app is up — the DIMSE receiver (only
 * when configured) and the timer that completes quiet studies. Both stop when the app closes.
 */
export async function registerImaging(app: Api, services: Services): Promise<void> {
  const { config } = services;
  let receiver: DimseReceiver | null = null;
  let timer: NodeJS.Timeout | null = null;
  app.decorate('dimse', () => receiver);
  await app.register((scope, _opts, done) => {
    dicomwebRoutes(scope, services);
    done();
  });

  app.addHook('onReady', async () => {
    if (config.dimse.enabled) {
      receiver = await startDimseReceiver({
        host: config.dimse.host,
        port: config.dimse.port,
        aeTitle: config.dimse.aeTitle,
        maxInstanceBytes: config.imagingMaxInstanceBytes,
        log: app.log.child({ module: 'dimse' }),
        resolve: async (ae, address) => findAeTitle(services.database.db, ae, address),
        store: async (bytes, target) => {
          await services.imagingIngest.ingest(bytes, { ...target, source: 'dimse', actor: null });
        },
      });
      app.log.info({ host: config.dimse.host, port: receiver.address().port }, 'dimse receiver listening');
    }
    if (config.imagingSweepSeconds > 0) {
      let running = false;
      timer = setInterval(() => {
        if (running) return;
        running = true;
        services.imagingIngest
          .completeQuietStudies()
          .catch((err: unknown) => app.log.error({ err }, 'imaging quiet-study sweep failed'))
          .finally(() => (running = false));
      }, config.imagingSweepSeconds * 1000);
      timer.unref();
    }
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await receiver?.stop();
    receiver = null;
  });
}
