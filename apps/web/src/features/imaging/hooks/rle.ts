/**
 * RLE Lossless (transfer syntax 1.2.840.10008.1.2.5, DICOM PS3.5 Annex G) for monochrome frames: the
 * 64-byte header of segment offsets, PackBits per segment, one segment per byte of a sample, most
 * significant byte first. Returns the frame as native little-endian pixel data.
 *
 * @param frame - one frame as WADO-RS `/frames/{n}` returns it (`image/x-dicom-rle`)
 * @param pixels - Rows × Columns
 * @param bytesPerSample - Bits Allocated / 8 (1 or 2)
 */
export function decodeRle(frame: Uint8Array, pixels: number, bytesPerSample: number): Uint8Array {
  if (frame.byteLength < 64) throw new Error('RLE frame shorter than its header');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segments = view.getUint32(0, true);
  if (segments !== bytesPerSample) throw new Error(`RLE frame has ${segments} segments, ${bytesPerSample} expected`);
  const out = new Uint8Array(pixels * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + s * 4, true);
    const end = s + 1 < segments ? view.getUint32(8 + s * 4, true) : frame.byteLength;
    if (start < 64 || end > frame.byteLength || end < start) throw new Error('RLE segment offset out of range');
    // segment 0 is the most significant byte; little-endian output puts it last
    const lane = bytesPerSample - 1 - s;
    let o = 0;
    let i = start;
    while (i < end && o < pixels) {
      const n = (frame[i++]! << 24) >> 24;
      if (n >= 0) {
        for (let k = 0; k <= n && i < end && o < pixels; k++) out[o++ * bytesPerSample + lane] = frame[i++]!;
      } else if (n !== -128) {
        const v = frame[i++]!;
        for (let k = 0; k < 1 - n && o < pixels; k++) out[o++ * bytesPerSample + lane] = v;
      }
    }
    if (o < pixels) throw new Error('RLE segment ends before the frame is complete');
  }
  return out;
}
