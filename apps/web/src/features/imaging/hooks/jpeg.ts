/**
 * An 8-bit monochrome JPEG baseline frame (transfer syntax 1.2.840.10008.1.2.4.50, `image/jpeg` from
 * WADO-RS `/frames`) decoded by the browser's own JPEG decoder, as one byte per pixel.
 *
 * @param frame - the JPEG bytes; @param rows - Rows; @param columns - Columns
 */
export async function decodeJpegGray(frame: Uint8Array, rows: number, columns: number): Promise<Uint8Array> {
  const bitmap = await createImageBitmap(new Blob([frame as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  try {
    if (bitmap.width !== columns || bitmap.height !== rows) throw new Error(`JPEG frame is ${bitmap.width} × ${bitmap.height}, ${columns} × ${rows} expected`);
    const canvas = new OffscreenCanvas(columns, rows);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.drawImage(bitmap, 0, 0);
    const rgba = ctx.getImageData(0, 0, columns, rows).data;
    const grey = new Uint8Array(rows * columns);
    for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4]!;
    return grey;
  } finally {
    bitmap.close();
  }
}
