// Decode worker: validate a file's bytes (size, format, dimensions) before decoding, then decode it,
// centre-crop it to a square, resize it with high-quality smoothing and answer with RGB bytes.
import type { DecodeOutcome, DecodeRequest } from './pool';
import { CORRUPT, checkFileSize, validateImage } from './validate';

const contexts = new Map<number, OffscreenCanvasRenderingContext2D>();

self.onmessage = async (e: MessageEvent<DecodeRequest>) => {
  const outcome = await decode(e.data);
  self.postMessage(outcome, { transfer: 'pixels' in outcome ? [outcome.pixels.buffer] : [] });
};

async function decode({ file, resolution }: DecodeRequest): Promise<DecodeOutcome> {
  const sizeReason = checkFileSize(file.size); // before reading a byte of a huge file
  if (sizeReason) return { reason: sizeReason };
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return { reason: 'unreadable file' };
  }
  const v = validateImage(bytes);
  if (!v.ok) return { reason: v.reason };
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes]));
  } catch {
    return { reason: CORRUPT };
  }
  try {
    return { pixels: squareRgb(bitmap, resolution) };
  } finally {
    bitmap.close();
  }
}

/** Centre square of the bitmap at resolution² px, composited over white (transparent PNG/GIF pixels), as RGB. */
function squareRgb(bitmap: ImageBitmap, r: number): Uint8Array {
  const ctx = contextFor(r);
  const side = Math.min(bitmap.width, bitmap.height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, r, r);
  ctx.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, r, r);
  const rgba = ctx.getImageData(0, 0, r, r).data;
  const rgb = new Uint8Array(r * r * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    rgb[q] = rgba[p];
    rgb[q + 1] = rgba[p + 1];
    rgb[q + 2] = rgba[p + 2];
  }
  return rgb;
}

function contextFor(r: number): OffscreenCanvasRenderingContext2D {
  let ctx = contexts.get(r);
  if (!ctx) {
    ctx = new OffscreenCanvas(r, r).getContext('2d', { willReadFrequently: true })!;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    contexts.set(r, ctx);
  }
  return ctx;
}
