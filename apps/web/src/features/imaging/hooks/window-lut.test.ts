import { describe, expect, it } from 'vitest';
import { buildLut, CT_PRESETS, dragWindow, rangeWindow, renderGray, windowValue } from './window-lut';

describe('window/level (PS3.3 C.11.2.1.2.1 linear)', () => {
  const soft = { center: 40, width: 400 };

  it('maps values at and below the lower edge to black and above the upper edge to white', () => {
    expect(windowValue(-160, soft)).toBe(0);
    expect(windowValue(-1000, soft)).toBe(0);
    expect(windowValue(240, soft)).toBe(255);
    expect(windowValue(3000, soft)).toBe(255);
  });

  it('maps the centre to mid-grey and rises monotonically across the window', () => {
    expect(windowValue(40, soft)).toBe(128);
    let last = -1;
    for (let v = -160; v <= 240; v += 5) {
      const g = windowValue(v, soft);
      expect(g).toBeGreaterThanOrEqual(last);
      last = g;
    }
  });

  it('a width of 1 is a threshold at the centre', () => {
    expect(windowValue(39, { center: 40, width: 1 })).toBe(0);
    expect(windowValue(40, { center: 40, width: 1 })).toBe(255);
  });

  it('offers the CT presets in Hounsfield units', () => {
    expect(CT_PRESETS.map((p) => [p.name, p.window.width, p.window.center])).toEqual([
      ['Soft tissue', 400, 40],
      ['Lung', 1500, -600],
      ['Bone', 2000, 300],
      ['Brain', 80, 40],
    ]);
  });

  it('builds a LUT over [min, max] equal to the function and inverted for MONOCHROME1', () => {
    const lut = buildLut(-1024, 3071, soft, false);
    expect(lut.length).toBe(4096);
    for (const v of [-1024, -160, 0, 40, 100, 240, 3071]) expect(lut[v + 1024]).toBe(windowValue(v, soft));
    const inv = buildLut(-1024, 3071, soft, true);
    for (const v of [-1024, 40, 3071]) expect(inv[v + 1024]).toBe(255 - windowValue(v, soft));
  });

  it('renders Int16 (through the LUT) and Float32 frames to the same RGBA grey levels', () => {
    const ints = Int16Array.from([-1024, -200, 0, 40, 200, 1000]);
    const floats = Float32Array.from(ints);
    const a = new Uint8ClampedArray(ints.length * 4);
    const b = new Uint8ClampedArray(ints.length * 4);
    renderGray(ints, -1024, 1000, soft, false, a);
    renderGray(floats, -1024, 1000, soft, false, b);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a.subarray(0, 8))).toEqual([0, 0, 0, 255, 0, 0, 0, 255]);
    expect(a[3 * 4]).toBe(128);
    expect(a[5 * 4 + 3]).toBe(255);
  });

  it('MONOCHROME1 shows the lowest values white', () => {
    const out = new Uint8ClampedArray(8);
    renderGray(Int16Array.from([0, 100]), 0, 100, { center: 50, width: 100 }, true, out);
    expect(out[0]).toBe(255);
    expect(out[4]).toBe(0);
  });

  it('drag right widens, drag down raises the level, the width never drops below 1', () => {
    expect(dragWindow(soft, 10, 0, 2)).toEqual({ center: 40, width: 420 });
    expect(dragWindow(soft, 0, 5, 2)).toEqual({ center: 50, width: 400 });
    expect(dragWindow(soft, -1000, 0, 2).width).toBe(1);
    expect(rangeWindow(-1000, 1000)).toEqual({ center: 0, width: 2000 });
  });
});
