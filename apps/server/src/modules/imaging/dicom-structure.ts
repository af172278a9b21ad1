/**
 * A bounds check of a DICOM data set's element structure (DICOM PS3.5 §7.1, §7.5), independent of the
 * parser: every element, item and fragment must fit in the bytes received. dcmjs reads a truncated value
 * without complaint, so this is what tells a cut-off file from a whole one.
 */
const UNDEFINED = 0xffffffff;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const MAX_DEPTH = 16;

export type StructureProblem = 'truncated' | 'malformed';

interface Syntax {
  explicit: boolean;
  little: boolean;
}

class Walker {
  /** Where the top-level Pixel Data element (7FE0,0010) starts, if the data set has one. */
  pixelDataAt: number | null = null;

  constructor(
    private readonly buf: Buffer,
    private readonly syntax: Syntax,
  ) {}

  private u16(pos: number): number {
    return this.syntax.little ? this.buf.readUInt16LE(pos) : this.buf.readUInt16BE(pos);
  }

  private u32(pos: number): number {
    return this.syntax.little ? this.buf.readUInt32LE(pos) : this.buf.readUInt32BE(pos);
  }

  private need(pos: number, n: number): void {
    if (pos + n > this.buf.length) throw new StructureError('truncated');
  }

  /** Walks elements from `pos`; inside an undefined-length item, stops after its delimiter. */
  dataset(pos: number, end: number, depth: number, inItem: boolean): number {
    if (depth > MAX_DEPTH) throw new StructureError('malformed');
    while (pos < end) {
      this.need(pos, 8);
      const group = this.u16(pos);
      const element = this.u16(pos + 2);
      if (group === 0xfffe && element === 0xe00d && inItem) return pos + 8;
      if (group === 0xfffe) throw new StructureError('malformed');
      if (depth === 0 && group === 0x7fe0 && element === 0x0010 && this.pixelDataAt === null) this.pixelDataAt = pos;
      const { valuePos, length, vr } = this.header(pos);
      pos = length === UNDEFINED ? this.undefinedValue(valuePos, depth, vr) : this.skip(valuePos, length);
    }
    if (inItem) throw new StructureError('truncated');
    return pos;
  }

  private header(pos: number): { valuePos: number; length: number; vr: string } {
    if (!this.syntax.explicit) return { valuePos: pos + 8, length: this.u32(pos + 4), vr: 'UN' };
    const vr = this.buf.toString('latin1', pos + 4, pos + 6);
    if (!/^[A-Z]{2}$/.test(vr)) throw new StructureError('malformed');
    if (LONG_VRS.has(vr)) {
      this.need(pos, 12);
      return { valuePos: pos + 12, length: this.u32(pos + 8), vr };
    }
    return { valuePos: pos + 8, length: this.u16(pos + 6), vr };
  }

  private skip(pos: number, length: number): number {
    this.need(pos, length);
    return pos + length;
  }

  /** A sequence or encapsulated pixel data: items until the sequence delimiter (PS3.5 §7.5.2, A.4). */
  private undefinedValue(pos: number, depth: number, vr: string): number {
    for (;;) {
      this.need(pos, 8);
      const group = this.u16(pos);
      const element = this.u16(pos + 2);
      const length = this.u32(pos + 4);
      if (group !== 0xfffe) throw new StructureError('malformed');
      if (element === 0xe0dd) return pos + 8;
      if (element !== 0xe000) throw new StructureError('malformed');
      if (length === UNDEFINED) {
        if (vr !== 'SQ' && vr !== 'UN') throw new StructureError('malformed');
        pos = this.dataset(pos + 8, this.buf.length, depth + 1, true);
      } else {
        pos = this.skip(pos + 8, length);
      }
    }
  }
}

export class StructureError extends Error {
  constructor(readonly problem: StructureProblem) {
    super(`DICOM structure ${problem}`);
  }
}

/**
 * Checks the data set that starts at `pos` runs exactly to the end of `buf`.
 * @param syntax - explicit or implicit VR, little or big endian, from the transfer syntax.
 * @returns the problem, or null when the structure is whole.
 */
export function checkStructure(buf: Buffer, pos: number, syntax: Syntax): StructureProblem | null {
  return walkStructure(buf, pos, syntax).problem;
}

/**
 * Like {@link checkStructure}, and also where the top-level Pixel Data element starts: everything before
 * it is what indexing needs, so the parser can skip the (large) pixel values.
 */
export function walkStructure(buf: Buffer, pos: number, syntax: Syntax): { problem: StructureProblem | null; pixelDataAt: number | null } {
  const walker = new Walker(buf, syntax);
  try {
    walker.dataset(pos, buf.length, 0, false);
    return { problem: null, pixelDataAt: walker.pixelDataAt };
  } catch (err) {
    if (err instanceof StructureError) return { problem: err.problem, pixelDataAt: null };
    if (err instanceof RangeError) return { problem: 'truncated', pixelDataAt: null };
    throw err;
  }
}

/** The end of the file meta information (group 0002, always explicit VR little endian: PS3.10 §7.1). */
export function metaEnd(buf: Buffer): number {
  let pos = 132;
  while (pos + 8 <= buf.length && buf.readUInt16LE(pos) === 0x0002) {
    const vr = buf.toString('latin1', pos + 4, pos + 6);
    const long = LONG_VRS.has(vr);
    if (long && pos + 12 > buf.length) throw new StructureError('truncated');
    const length = long ? buf.readUInt32LE(pos + 8) : buf.readUInt16LE(pos + 6);
    pos += (long ? 12 : 8) + length;
  }
  if (pos > buf.length) throw new StructureError('truncated');
  return pos;
}

/** The Transfer Syntax UID (0002,0010) of the file meta information as written (padding removed), or null. */
export function metaTransferSyntax(buf: Buffer): string | null {
  let pos = 132;
  while (pos + 8 <= buf.length && buf.readUInt16LE(pos) === 0x0002) {
    const vr = buf.toString('latin1', pos + 4, pos + 6);
    const long = LONG_VRS.has(vr);
    if (long && pos + 12 > buf.length) return null;
    const length = long ? buf.readUInt32LE(pos + 8) : buf.readUInt16LE(pos + 6);
    const valuePos = pos + (long ? 12 : 8);
    if (buf.readUInt16LE(pos + 2) === 0x0010) return valuePos + length > buf.length ? null : buf.toString('latin1', valuePos, valuePos + length).replace(/[\0 ]+$/, '');
    pos = valuePos + length;
  }
  return null;
}
