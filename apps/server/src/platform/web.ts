import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config.js';
import { problemFor, sendProblem } from './error-handler.js';
import { API_PREFIX, type Api } from './http.js';

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * Serves the built web app and answers unknown browser paths with its index.html (client-side routes).
 * Unknown API paths always get problem+json.
 */
export async function registerWeb(app: Api, config: Config): Promise<void> {
  const root = config.webDistDir ?? DEFAULT_WEB_DIST;
  const hasWeb = fs.existsSync(path.join(root, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((req, reply) => {
    const isPage =
      req.method === 'GET' &&
      !req.url.startsWith(`${API_PREFIX}/`) &&
      !req.url.startsWith('/api/') &&
      !path.extname(req.url.split('?')[0] ?? '') &&
      !/^application\/(problem\+)?json\b/.test(req.headers.accept ?? '');
    if (isPage && hasWeb) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(reply, problemFor('ROUTE_NOT_FOUND', req));
  });
}
