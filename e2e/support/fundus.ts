import sharp from 'sharp';

export type Eye = 'right' | 'left';
export type Centre = 'macula' | 'disc';

/**
 * A fundus-photograph-like JPEG for tests: a dark field, an orange-red retina disc with a darker macula, a
 * bright optic disc on the nasal side and vessels arching from it, plus fine texture (so the capture's blur
 * check sees detail, as in a real photograph). `blurred` softens it past the quality check's threshold.
 * @param eye - which eye: the optic disc is nasal (to the right of the macula in a right eye's image)
 * @param centre - what the image is centred on, as the screening protocol's two fields per eye
 * @param seed - varies the texture, so no two images are byte-identical
 */
export async function fundusImage(eye: Eye, centre: Centre, seed: number, opts: { width?: number; height?: number; blurred?: boolean } = {}): Promise<Buffer> {
  const width = opts.width ?? 1600;
  const height = opts.height ?? 1200;
  const cx = width / 2;
  const cy = height / 2;
  const r = Math.min(width, height) * 0.47;
  const nasal = eye === 'right' ? 1 : -1;
  const offset = r * 0.55;
  const disc = { x: centre === 'disc' ? cx : cx + nasal * offset, y: cy - r * 0.04 };
  const macula = { x: centre === 'macula' ? cx : cx - nasal * offset, y: cy };
  const vessel = (dy: number, reach: number, w: number) =>
    `<path d="M ${disc.x} ${disc.y} Q ${disc.x - nasal * reach * 0.4} ${disc.y + dy * 1.6} ${disc.x - nasal * reach} ${disc.y + dy}" stroke="#6e1a0b" stroke-width="${w}" fill="none" stroke-linecap="round"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs>
      <radialGradient id="retina" cx="50%" cy="50%" r="50%"><stop offset="0%" stop-color="#e2823a"/><stop offset="80%" stop-color="#b4481c"/><stop offset="100%" stop-color="#6a2410"/></radialGradient>
      <radialGradient id="macula" cx="50%" cy="50%" r="50%"><stop offset="0%" stop-color="#5c1f0c"/><stop offset="100%" stop-color="#5c1f0c" stop-opacity="0"/></radialGradient>
      <radialGradient id="disc" cx="50%" cy="50%" r="50%"><stop offset="0%" stop-color="#fff3c4"/><stop offset="70%" stop-color="#f3cf7a"/><stop offset="100%" stop-color="#d99a4a"/></radialGradient>
    </defs>
    <rect width="${width}" height="${height}" fill="#050302"/>
    <circle cx="${cx}" cy="${cy}" r="${r}" fill="url(#retina)"/>
    <circle cx="${macula.x}" cy="${macula.y}" r="${r * 0.16}" fill="url(#macula)"/>
    ${vessel(-r * 0.45, r * 1.1, 11)}${vessel(r * 0.45, r * 1.1, 11)}${vessel(-r * 0.2, r * 0.7, 6)}${vessel(r * 0.22, r * 0.75, 6)}${vessel(-r * 0.6, r * 0.5, 5)}${vessel(r * 0.6, r * 0.5, 5)}
    <circle cx="${disc.x}" cy="${disc.y}" r="${r * 0.13}" fill="url(#disc)"/>
  </svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // fine texture: deterministic noise of ±24 levels
  for (let i = 0; i < data.length; i++) {
    const noise = ((((i + seed * 7919) * 2654435761) >>> 24) % 49) - 24;
    data[i] = Math.max(0, Math.min(255, data[i]! + noise));
  }
  let image = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  if (opts.blurred) image = image.blur(14);
  return image.jpeg({ quality: 92 }).toBuffer();
}
