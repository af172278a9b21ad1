import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '../../../platform/errors.js';

/** The boundary of a multipart Content-Type header (RFC 2046 §5.1.1), or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export interface Part {
  contentType: string | null;
  body: Buffer;
}

/**
 * Splits a multipart/related body (RFC 2387; DICOM PS3.18 §8.6.1.2) into its parts. The preamble and
 * epilogue are ignored; a body without a closing delimiter is malformed.
 * @param maxParts - more parts than this is refused (a request of millions of empty parts)
 */
export function parseMultipart(body: Buffer, boundary: string, maxParts = 10_000): Part[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new AppError('MALFORMED_BODY', 'The multipart body has no boundary.');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new AppError('MALFORMED_BODY', 'A multipart part has no header end.');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) throw new AppError('MALFORMED_BODY', 'The multipart body is not closed.');
    const headers = body.subarray(pos, headerEnd).toString('latin1');
    const ct = /^content-type:\s*([^\r\n]+)/im.exec(headers);
    parts.push({ contentType: ct?.[1]?.trim() ?? null, body: body.subarray(headerEnd + 4, next) });
    if (parts.length > maxParts) throw new AppError('BODY_TOO_LARGE', `More than ${maxParts} parts.`);
    pos = next + 2;
  }
}

export interface MultipartOut {
  contentType: string;
  stream: Readable;
}

/**
 * A multipart/related response (PS3.18 §8.7.3.1) streamed part by part, so a study is never held whole
 * in memory: each part's bytes are produced only when the client reads on.
 * @param type - the `type` parameter of the multipart (the root part's media type)
 */
export function multipartResponse(type: string, parts: AsyncIterable<{ contentType: string; location?: string; body: Buffer }>): MultipartOut {
  const boundary = randomBytes(16).toString('hex');
  async function* generate(): AsyncGenerator<Buffer> {
    for await (const p of parts) {
      const loc = p.location ? `Content-Location: ${p.location}\r\n` : '';
      yield Buffer.from(`--${boundary}\r\nContent-Type: ${p.contentType}\r\n${loc}Content-Length: ${p.body.length}\r\n\r\n`);
      yield p.body;
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return { contentType: `multipart/related; type="${type}"; boundary=${boundary}`, stream: Readable.from(generate()) };
}
