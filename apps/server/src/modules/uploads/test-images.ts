/** Real images for the upload tests, made with sharp in the test (no fixtures on disk). Test-only. */
import { crc32 } from 'node:zlib';
import sharp from 'sharp';

/** A sharp, well-exposed photo-like JPEG: random noise on a mid-grey ramp, with EXIF GPS, a camera serial and orientation 6. */
export async function jpegWithGps(width = 1200, height = 900): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = 60 + ((i * 2654435761) >>> 24) % 140;
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'AcmeCam', Model: 'Derm 3000', ImageDescription: 'PATIENT-SECRET' },
      IFD2: { BodySerialNumber: 'SERIAL-12345' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '46/1 35/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '112/1 2/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/**
 * A pixel bomb: a valid little PNG whose header claims `side` × `side` pixels (IHDR rewritten, CRC fixed),
 * which a decoder without a pixel limit would try to allocate.
 */
export async function pngBomb(side = 30_000): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 16, height: 16, channels: 3, background: '#000' } }).png().toBuffer());
  // PNG signature (8) | length (4) | "IHDR" (4) | width (4) | height (4) | … | CRC over type+data (RFC 2083 §3.2)
  png.writeUInt32BE(side, 16);
  png.writeUInt32BE(side, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** The same scene, heavily blurred (and small, and dark when asked). */
export async function blurredPng(width = 400, height = 300, level = 110): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: level, g: level, b: level } } }).png().toBuffer();
}
