/** A VOI window in modality units (PS3.3 C.11.2.1.2). */
export interface Window {
  center: number;
  width: number;
}

/** Presets for CT in Hounsfield units. */
export const CT_PRESETS: readonly { name: string; window: Window }[] = [
  { name: 'Soft tissue', window: { center: 40, width: 400 } },
  { name: 'Lung', window: { center: -600, width: 1500 } },
  { name: 'Bone', window: { center: 300, width: 2000 } },
  { name: 'Brain', window: { center: 40, width: 80 } },
];

/**
 * The linear VOI function of PS3.3 C.11.2.1.2.1 mapped to 0–255.
 * @param value - a modality value; @param w - the window (width ≥ 1)
 */
export function windowValue(value: number, w: Window): number {
  const width = Math.max(w.width, 1);
  const c = w.center - 0.5;
  const span = width - 1;
  if (value <= c - span / 2) return 0;
  if (value > c + span / 2) return 255;
  return Math.round(((value - c) / Math.max(span, 1) + 0.5) * 255);
}

/**
 * A lookup table from every integer modality value in [min, max] to a grey level, inverted for MONOCHROME1
 * (PS3.3 C.7.6.3.1.2: minimum value is white).
 */
export function buildLut(min: number, max: number, w: Window, invert: boolean): Uint8Array {
  const lut = new Uint8Array(Math.max(max - min + 1, 1));
  for (let i = 0; i < lut.length; i++) {
    const g = windowValue(min + i, w);
    lut[i] = invert ? 255 - g : g;
  }
  return lut;
}

/**
 * Writes a frame's grey levels into RGBA pixels (canvas ImageData). Integer frames go through a LUT so a
 * window change over a 512×512 slice costs one table lookup per pixel.
 */
export function renderGray(values: Int16Array | Float32Array, min: number, max: number, w: Window, invert: boolean, out: Uint8ClampedArray): void {
  const n = values.length;
  if (values instanceof Int16Array) {
    const lut = buildLut(min, max, w, invert);
    for (let i = 0, o = 0; i < n; i++, o += 4) {
      const g = lut[values[i]! - min]!;
      out[o] = g;
      out[o + 1] = g;
      out[o + 2] = g;
      out[o + 3] = 255;
    }
    return;
  }
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const v = windowValue(values[i]!, w);
    const g = invert ? 255 - v : v;
    out[o] = g;
    out[o + 1] = g;
    out[o + 2] = g;
    out[o + 3] = 255;
  }
}

/** A window covering a frame's whole value range (when the instance names none). */
export function rangeWindow(min: number, max: number): Window {
  return { center: (min + max) / 2, width: Math.max(max - min, 1) };
}

/**
 * Window after dragging by (dx, dy) screen pixels: right widens, down raises the level — the convention of
 * most PACS viewers. `step` is modality units per pixel.
 */
export function dragWindow(w: Window, dx: number, dy: number, step: number): Window {
  return { center: Math.round(w.center + dy * step), width: Math.max(1, Math.round(w.width + dx * step)) };
}
