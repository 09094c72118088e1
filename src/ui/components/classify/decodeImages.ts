/** Files the browser cannot decode as images, by name, with why. */
export interface DecodeResult {
  pixels: Uint8Array; // [count, r, r, 3] RGB bytes
  names: string[]; // the decoded files, in order
  failed: { name: string; reason: string }[];
}

/** Decode image files and scale each to r × r (the dataset's resolution), as the classifiers read them. */
export async function decodeImages(files: File[], r: number): Promise<DecodeResult> {
  const canvas = new OffscreenCanvas(r, r);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('This browser cannot draw images off-screen (no OffscreenCanvas 2D).');
  const chunks: Uint8Array[] = [];
  const names: string[] = [];
  const failed: DecodeResult['failed'] = [];
  for (const file of files) {
    try {
      const bitmap = await createImageBitmap(file, { resizeWidth: r, resizeHeight: r, resizeQuality: 'high' });
      ctx.clearRect(0, 0, r, r);
      ctx.drawImage(bitmap, 0, 0);
      bitmap.close();
      const rgba = ctx.getImageData(0, 0, r, r).data;
      chunks.push(Uint8Array.from({ length: r * r * 3 }, (_, k) => rgba[Math.floor(k / 3) * 4 + (k % 3)]));
      names.push(file.name);
    } catch {
      failed.push({ name: file.name, reason: 'not an image this browser can decode' });
    }
  }
  const pixels = new Uint8Array(chunks.length * r * r * 3);
  chunks.forEach((c, i) => pixels.set(c, i * c.length));
  return { pixels, names, failed };
}
