import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../shared/api-client';
import { dicomwebApi } from './api';

/** Answers in turn from a list; the browser's fetch is the boundary, the retry logic is what is tested. */
function answers(...list: (() => Response)[]) {
  const calls: string[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    calls.push(url);
    const next = list.shift();
    if (!next) throw new Error('no more answers');
    return Promise.resolve(next());
  });
  return calls;
}
const limited = () => new Response('{"title":"Too many requests","status":429,"code":"RATE_LIMITED"}', { status: 429, headers: { 'retry-after': '0', 'content-type': 'application/problem+json' } });

afterEach(() => vi.unstubAllGlobals());

describe('DICOMweb client over the API rate limit', () => {
  it('waits as Retry-After says and retries a 429, then returns the answer', async () => {
    const calls = answers(limited, limited, () => new Response('[{"00080018":{"vr":"UI","Value":["1.2.3"]}}]', { status: 200 }));
    const list = await dicomwebApi.series('1.2');
    expect(list).toHaveLength(1);
    expect(calls).toEqual(['/dicomweb/studies/1.2/series', '/dicomweb/studies/1.2/series', '/dicomweb/studies/1.2/series']);
  });

  it('gives up after 5 retries with the problem as an ApiError', async () => {
    const calls = answers(limited, limited, limited, limited, limited, limited, limited);
    const err = await dicomwebApi.series('1.2').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('RATE_LIMITED');
    expect(calls).toHaveLength(6);
  });
});
