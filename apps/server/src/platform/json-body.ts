import { AppError } from './errors.js';
import type { Api } from './http.js';

// A JSON `\u0000` escape: a backslash that is not itself escaped (an odd run of backslashes), then u0000.
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;

/**
 * JSON request bodies, parsed by Fastify's own parser (prototype-poisoning checks kept) but refusing the NUL
 * character: PostgreSQL text and jsonb cannot store U+0000, so such input would otherwise fail deep inside a
 * query as a 500 instead of being answered as the bad input it is (DESIGN: bad input gets a clear 4xx).
 * A raw NUL byte is not valid JSON and is already refused by the parser.
 */
export function registerJsonBodyParser(app: Api): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (NUL_ESCAPE.test(text)) {
      done(
        new AppError('VALIDATION_FAILED', 'Text must not contain the NUL character (U+0000).', {
          errors: [{ path: '/body', message: 'must not contain U+0000' }],
        }),
        undefined,
      );
      return;
    }
    void parse(req, text, done);
  });
}
