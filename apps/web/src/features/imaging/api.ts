import { ApiError, toApiError } from '../../shared/api-client';
import { type DicomJson, NATIVE_SYNTAXES } from './hooks/dicom-json';
import { boundaryOf, parseMultipart } from './hooks/multipart';

/** DICOMweb (PS3.18) on this server; the session cookie authenticates these GETs like the API's. */
export const DICOMWEB_BASE = '/dicomweb';

const enc = encodeURIComponent;
const studyPath = (study: string) => `${DICOMWEB_BASE}/studies/${enc(study)}`;
const seriesPath = (study: string, series: string) => `${studyPath(study)}/series/${enc(series)}`;
const instancePath = (study: string, series: string, instance: string) => `${seriesPath(study, series)}/instances/${enc(instance)}`;

/** Waits `ms`, or rejects when the signal aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    }, { once: true });
  });
}

/** A 500-image series is 1000 requests: over the server's per-minute limit, wait as told (Retry-After) and retry. */
const RATE_LIMIT_RETRIES = 5;

async function get(url: string, accept: string, signal?: AbortSignal): Promise<Response> {
  let res: Response;
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(url, { headers: { accept }, credentials: 'same-origin', signal });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw toApiError(err);
    }
    if (res.status !== 429 || attempt >= RATE_LIMIT_RETRIES) break;
    const header = res.headers.get('retry-after');
    const seconds = header === null ? NaN : Number(header);
    await pause(Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 60) * 1000 : 2000, signal);
  }
  if (res.ok) return res;
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not problem+json
  }
  const p = (body ?? {}) as { title?: unknown; code?: unknown; detail?: unknown };
  throw new ApiError({
    type: 'about:blank',
    title: typeof p.title === 'string' ? p.title : res.statusText || 'Request failed',
    status: res.status,
    code: typeof p.code === 'string' ? p.code : 'UNKNOWN',
    detail: typeof p.detail === 'string' ? p.detail : undefined,
  });
}

async function json(url: string, signal?: AbortSignal): Promise<DicomJson[]> {
  const res = await get(url, 'application/dicom+json', signal);
  return (await res.json()) as DicomJson[];
}

/** One frame as WADO-RS returns it: bytes and the transfer syntax they are in. */
export interface FrameBytes {
  bytes: Uint8Array;
  contentType: string;
  transferSyntaxUid: string | null;
}

/** QIDO-RS pages at most 1000 results (docs/imaging.md); bigger series are fetched page by page. */
const PAGE = 1000;

export const dicomwebApi = {
  /** QIDO-RS studies by UID (one request for all of a case's studies). */
  studies: (uids: string[], signal?: AbortSignal) =>
    uids.length === 0 ? Promise.resolve([]) : json(`${DICOMWEB_BASE}/studies?StudyInstanceUID=${uids.map(enc).join(',')}`, signal),
  series: (study: string, signal?: AbortSignal) => json(`${studyPath(study)}/series`, signal),
  /** Every instance of a series (QIDO-RS, paged). */
  instances: async (study: string, series: string, signal?: AbortSignal) => {
    const all: DicomJson[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await json(`${seriesPath(study, series)}/instances?limit=${PAGE}&offset=${offset}`, signal);
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  },
  /** WADO-RS metadata of one instance (PS3.18 §10.4.1.1.2). */
  metadata: async (study: string, series: string, instance: string, signal?: AbortSignal) => {
    const [ds] = await json(`${instancePath(study, series, instance)}/metadata`, signal);
    if (!ds) throw new Error('empty metadata');
    return ds;
  },
  /** WADO-RS frame `n` as stored (PS3.18 §10.4.1.1.3; `transfer-syntax=*`: no transcoding here). */
  frame: async (study: string, series: string, instance: string, n: number, signal?: AbortSignal): Promise<FrameBytes> => {
    const res = await get(`${instancePath(study, series, instance)}/frames/${n}`, 'multipart/related; type="application/octet-stream"; transfer-syntax=*, multipart/related; type=*', signal);
    const boundary = boundaryOf(res.headers.get('content-type') ?? '');
    if (!boundary) throw new Error('frames answer is not multipart');
    const [part] = parseMultipart(new Uint8Array(await res.arrayBuffer()), boundary);
    if (!part) throw new Error('frames answer has no part');
    const contentType = part.headers['content-type'] ?? 'application/octet-stream';
    const ts = /transfer-syntax=([0-9.]+)/.exec(contentType)?.[1] ?? null;
    return { bytes: part.body, contentType, transferSyntaxUid: ts };
  },
  thumbnailUrl: (study: string, series: string) => `${seriesPath(study, series)}/thumbnail`,
  studyThumbnailUrl: (study: string) => `${studyPath(study)}/thumbnail`,
  /** WADO-RS rendered frame with a window (PS3.18 §8.3.5.1.4), for frames the browser cannot decode. */
  renderedUrl: (study: string, series: string, instance: string, frame: number, window: { center: number; width: number } | null) =>
    `${instancePath(study, series, instance)}/frames/${frame}/rendered${window ? `?window=${Math.round(window.center)},${Math.max(1, Math.round(window.width))},linear` : ''}`,
};

/** @returns whether frames in this transfer syntax are native pixel data the browser decodes. */
export function isNative(transferSyntaxUid: string | null): boolean {
  return transferSyntaxUid === null || transferSyntaxUid in NATIVE_SYNTAXES;
}
