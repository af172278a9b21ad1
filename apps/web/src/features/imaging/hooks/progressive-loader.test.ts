import { describe, expect, it } from 'vitest';
import { ProgressiveLoader } from './progressive-loader';
import { boundaryOf, parseMultipart } from './multipart';
import { stackItems } from './use-series-stack';

/** Loads that finish only when the test resolves them, so the order and concurrency are observable. */
function controlled() {
  const pending = new Map<number, { resolve: (v: number) => void; reject: (e: Error) => void }>();
  const started: number[] = [];
  const load = (i: number) =>
    new Promise<number>((resolve, reject) => {
      started.push(i);
      pending.set(i, { resolve, reject });
    });
  const settle = async (i: number, ok = true) => {
    const p = pending.get(i);
    if (!p) throw new Error(`load ${i} not running`);
    pending.delete(i);
    if (ok) p.resolve(i * 10);
    else p.reject(new Error(`failed ${i}`));
    // let the loader's continuation run
    for (let k = 0; k < 5; k++) await Promise.resolve();
  };
  return { load, started, pending, settle };
}

describe('progressive loader', () => {
  it('never runs more than `concurrency` loads at once and loads everything', async () => {
    const c = controlled();
    const loaded = new Map<number, number>();
    const l = new ProgressiveLoader(20, c.load, { concurrency: 4, onLoaded: (i, v) => loaded.set(i, v) });
    l.start();
    expect(c.pending.size).toBe(4);
    while (c.pending.size > 0) {
      expect(c.pending.size).toBeLessThanOrEqual(4);
      await c.settle([...c.pending.keys()][0]!);
    }
    expect(l.maxInFlight).toBe(4);
    expect(loaded.size).toBe(20);
    expect(loaded.get(7)).toBe(70);
    expect(new Set(c.started).size).toBe(20);
    expect(l.progress()).toEqual({ loaded: 20, failed: 0, total: 20, inFlight: 0 });
  });

  it('loads the slices nearest the focused one next', async () => {
    const c = controlled();
    const l = new ProgressiveLoader(100, c.load, { concurrency: 2, onLoaded: () => undefined });
    l.start();
    expect(c.started).toEqual([0, 1]);
    l.focus(50);
    await c.settle(0);
    await c.settle(1);
    expect(c.started.slice(2)).toEqual([50, 51]);
    await c.settle(50);
    expect(c.started.at(-1)).toBe(49);
    await c.settle(51);
    expect(c.started.at(-1)).toBe(52);
  });

  it('counts failures, keeps going, and reports progress', async () => {
    const c = controlled();
    const failed: number[] = [];
    const progress: number[] = [];
    const l = new ProgressiveLoader(3, c.load, { concurrency: 1, onLoaded: () => undefined, onFailed: (i) => failed.push(i), onProgress: (p) => progress.push(p.loaded + p.failed) });
    l.start();
    await c.settle(0);
    await c.settle(1, false);
    await c.settle(2);
    expect(failed).toEqual([1]);
    expect(progress).toEqual([1, 2, 3]);
    expect(l.progress()).toMatchObject({ loaded: 2, failed: 1 });
  });

  it('starts nothing more after abort and drops answers that arrive later', async () => {
    const c = controlled();
    const loaded: number[] = [];
    const l = new ProgressiveLoader(10, c.load, { concurrency: 3, onLoaded: (i) => loaded.push(i) });
    l.start();
    l.abort();
    await c.settle(0);
    expect(loaded).toEqual([]);
    expect(c.started).toEqual([0, 1, 2]);
  });
});

describe('stack order and multipart frames', () => {
  it('orders instances by Instance Number and expands multi-frame instances', () => {
    const ds = (sop: string, n: number, frames?: number) => ({
      '00080018': { vr: 'UI', Value: [sop] },
      '00200013': { vr: 'IS', Value: [n] },
      ...(frames ? { '00280008': { vr: 'IS', Value: [frames] } } : {}),
    });
    expect(stackItems([ds('1.3', 3), ds('1.1', 1, 2), ds('1.2', 2)])).toEqual([
      { sopInstanceUid: '1.1', frame: 1, instanceNumber: 1 },
      { sopInstanceUid: '1.1', frame: 2, instanceNumber: 1 },
      { sopInstanceUid: '1.2', frame: 1, instanceNumber: 2 },
      { sopInstanceUid: '1.3', frame: 1, instanceNumber: 3 },
    ]);
  });

  it('splits a multipart/related answer into parts with binary bodies intact', () => {
    const ct = 'multipart/related; type="application/octet-stream"; boundary="b-123"';
    const boundary = boundaryOf(ct)!;
    expect(boundary).toBe('b-123');
    const enc = new TextEncoder();
    const body = Uint8Array.from([0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
    const bytes = new Uint8Array([
      ...enc.encode('--b-123\r\nContent-Type: application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1\r\n\r\n'),
      ...body,
      ...enc.encode('\r\n--b-123\r\nContent-Type: application/octet-stream\r\n\r\n'),
      ...Uint8Array.from([1, 2]),
      ...enc.encode('\r\n--b-123--\r\n'),
    ]);
    const parts = parseMultipart(bytes, boundary);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.headers['content-type']).toContain('transfer-syntax=1.2.840.10008.1.2.1');
    expect(Array.from(parts[0]!.body)).toEqual(Array.from(body));
    expect(Array.from(parts[1]!.body)).toEqual([1, 2]);
  });
});
