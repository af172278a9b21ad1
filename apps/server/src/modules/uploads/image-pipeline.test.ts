import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { detectType, processImage } from './image-pipeline.js';
import { blurredPng, jpegWithGps, pngBomb } from './test-images.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'image-pipeline-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const out = () => path.join(dir, `out-${n++}`);

describe('type detection from bytes', () => {
  it('recognises JPEG, PNG, WebP and PDF, and nothing else', async () => {
    expect(detectType(await jpegWithGps(50, 50))).toBe('image/jpeg');
    expect(detectType(await blurredPng(10, 10))).toBe('image/png');
    expect(detectType(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).webp().toBuffer())).toBe('image/webp');
    expect(detectType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    for (const hostile of ['<html><script>alert(1)</script>', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', '<svg onload=alert(1)>', 'GIF89a', 'MZ\x90\x00']) {
      expect(detectType(Buffer.from(hostile))).toBeNull();
    }
  });
});

describe('image re-encoding', () => {
  it('strips EXIF (GPS, serial, description) while keeping the orientation upright', async () => {
    const input = await jpegWithGps();
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(input.includes(Buffer.from('SERIAL-12345'))).toBe(true);
    const file = path.join(dir, 'in.jpg');
    fs.writeFileSync(file, input);
    const done = await processImage(file, 'image/jpeg', 50_000_000, out());
    const data = fs.readFileSync(done.output);
    const after = await sharp(data).metadata();
    expect([after.exif, after.xmp, after.iptc, after.icc, after.orientation]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    for (const s of ['SERIAL-12345', 'PATIENT-SECRET', 'AcmeCam', 'Exif\0\0']) expect(data.includes(Buffer.from(s, 'latin1')), s).toBe(false);
    // orientation 6 (rotate 90° clockwise) applied to the pixels: 1200×900 becomes 900×1200
    expect([after.width, after.height]).toEqual([900, 1200]);
    expect(done.quality).toMatchObject({ width: 900, height: 1200, flags: [] });
    const thumb = await sharp(done.thumbnail).metadata();
    expect(Math.max(thumb.width, thumb.height)).toBe(320);
  });

  it('flags a small, blurred, dark image', async () => {
    const dark = await processImage(await blurredPng(400, 300, 15), 'image/png', 50_000_000, out());
    expect(dark.quality.flags.sort()).toEqual(['blurred', 'too_small', 'underexposed']);
    const bright = await processImage(await blurredPng(800, 800, 250), 'image/png', 50_000_000, out());
    expect(bright.quality.flags).toContain('overexposed');
  });

  it('refuses a 30,000 × 30,000 pixel bomb without decoding it', async () => {
    const bomb = await pngBomb();
    expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(30_000);
    await expect(processImage(bomb, 'image/png', 50_000_000, out())).rejects.toMatchObject({ code: 'UPLOAD_IMAGE_REJECTED' });
  });

  it('refuses bytes that only start like an image', async () => {
    await expect(processImage(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<script>')]), 'image/jpeg', 50_000_000, out())).rejects.toMatchObject({ code: 'UPLOAD_IMAGE_REJECTED' });
  });
});
