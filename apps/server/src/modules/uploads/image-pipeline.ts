import sharp from 'sharp';
import { AppError } from '../../platform/errors.js';

// libvips' operation cache holds decoded pixels between calls; every upload is a different image, so it only
// costs memory here.
sharp.cache(false);

/** At most this many images are decoded at once: a 12 MP photo takes ~36 MB of pixels per pipeline stage. */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withImageSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** What the content is, decided from its bytes only — never from the file name or a declared type. */
export type DetectedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/**
 * Type from magic bytes: JPEG (FF D8 FF, ITU T.81 SOI), PNG (8-byte signature, RFC 2083 §3.1), WebP (RIFF
 * container with "WEBP" form type), PDF ("%PDF-", ISO 32000-1 §7.5.2). Anything else — HTML, SVG, scripts,
 * executables — is null and refused.
 */
export function detectType(head: Buffer): DetectedType | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (head.subarray(0, 4).toString('latin1') === 'RIFF' && head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

/** Image quality at capture (shown before submit, stored with the image, seen by the specialist). */
export interface ImageQuality {
  width: number;
  height: number;
  /** Variance of the Laplacian of the greyscale image scaled to ≤ 512 px: low means blurred. */
  laplacianVariance: number;
  /** Mean greyscale level, 0–255. */
  meanBrightness: number;
  flags: ('too_small' | 'blurred' | 'underexposed' | 'overexposed')[];
}

export interface ProcessedImage {
  contentType: DetectedType;
  /** The re-encoded image (upright, EXIF orientation applied, no metadata at all) was written to `output`. */
  output: string;
  thumbnail: Buffer;
  quality: ImageQuality;
}

const MIN_SIDE = 640;
const BLUR_THRESHOLD = 60;
const DARK = 40;
const BRIGHT = 215;

/** Variance of the 4-neighbour Laplacian over a greyscale raster (the classic blur measure). */
export function laplacianVariance(px: Uint8Array, width: number, height: number): number {
  let sum = 0;
  let sumSq = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const l = 4 * px[i]! - px[i - 1]! - px[i + 1]! - px[i - width]! - px[i + width]!;
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  return n === 0 ? 0 : sumSq / n - (sum / n) ** 2;
}

/** Quality measures over a ≤ 512 px upright rendition (raw pixels, `channels` per pixel). */
async function measure(preview: { data: Buffer; width: number; height: number; channels: 1 | 2 | 3 | 4 }, width: number, height: number): Promise<ImageQuality> {
  const raw = { width: preview.width, height: preview.height, channels: preview.channels };
  const data = await sharp(preview.data, { raw }).greyscale().removeAlpha().raw().toBuffer();
  const px = new Uint8Array(data.buffer, data.byteOffset, data.length);
  let total = 0;
  for (const v of px) total += v;
  const mean = px.length ? total / px.length : 0;
  const variance = laplacianVariance(px, preview.width, preview.height);
  const flags: ImageQuality['flags'] = [];
  if (Math.min(width, height) < MIN_SIDE) flags.push('too_small');
  if (variance < BLUR_THRESHOLD) flags.push('blurred');
  if (mean < DARK) flags.push('underexposed');
  if (mean > BRIGHT) flags.push('overexposed');
  return { width, height, laplacianVariance: Math.round(variance * 10) / 10, meanBrightness: Math.round(mean * 10) / 10, flags };
}

type ImageType = Exclude<DetectedType, 'application/pdf'>;

/**
 * Re-encodes an image so that nothing but pixels survives: sharp writes no EXIF, XMP, IPTC, ICC or embedded
 * thumbnail unless asked to (we never ask). `rotate()` first applies the EXIF orientation, so the stored
 * image is upright without needing the tag. `limitInputPixels` refuses pixel bombs before decoding them.
 * libvips reads the input file and writes the output file itself, a strip at a time where the format allows:
 * no whole file passes through JavaScript. At most `MAX_CONCURRENT` images are processed at once.
 * @param input - the received file (a path; a Buffer in tests)
 * @param output - where the re-encoded image is written
 * @param maxPixels - the largest width × height accepted
 */
export async function processImage(input: string | Buffer, type: ImageType, maxPixels: number, output: string): Promise<ProcessedImage> {
  return withImageSlot(() => reencode(input, type, maxPixels, output));
}

async function reencode(input: string | Buffer, type: ImageType, maxPixels: number, output: string): Promise<ProcessedImage> {
  try {
    const open = () => sharp(input, { limitInputPixels: maxPixels, failOn: 'error' });
    const meta = await sharp(input, { limitInputPixels: maxPixels }).metadata();
    if (!meta.width || !meta.height || meta.width * meta.height > maxPixels) throw new AppError('UPLOAD_IMAGE_REJECTED', 'The image has too many pixels.');
    const base = open().rotate();
    const encoded = type === 'image/png' ? base.png() : type === 'image/webp' ? base.webp({ quality: 90 }) : base.jpeg({ quality: 92 });
    const info = await encoded.toFile(output);
    // one small decode (JPEG and WebP shrink on load) serves both the thumbnail and the quality measures
    const preview = await open().rotate().resize({ width: 512, height: 512, fit: 'inside', withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
    const raw = { width: preview.info.width, height: preview.info.height, channels: preview.info.channels };
    const thumbnail = await sharp(preview.data, { raw }).resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer();
    return { contentType: type, output, thumbnail, quality: await measure({ data: preview.data, ...raw }, info.width, info.height) };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('UPLOAD_IMAGE_REJECTED', 'The image could not be decoded or has too many pixels.');
  }
}
