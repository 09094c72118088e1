// Decode worker: one message decodes a batch. It reads the batch's files a few MB at a time (their sizes are
// read here: on the main thread each is a synchronous stat), validates each file's bytes (size, format,
// dimensions, completeness) before decoding, decodes the valid ones concurrently (at most MAX_PIXELS at a
// time), centre-crops each to a square, resizes it with high-quality smoothing and answers with all their
// RGB bytes in one transferred buffer. It reads while it decodes what it read before; decoding is one read at
// a time, so the pixel bound holds for the whole worker.
import { FILE_READ, planBatches } from './batches';
import type { DecodeRequest, DecodeResult, DecodeSource } from './pool';
import { UNREADABLE, readFiles } from './readFiles';
import { CORRUPT, MAX_PIXELS, checkFileSize, validateImage, type ImageFormat } from './validate';

let decoding: Promise<unknown> = Promise.resolve(); // the read now decoding, of any batch

self.onmessage = async (e: MessageEvent<DecodeRequest>) => {
  const { id, source, resolution } = e.data;
  try {
    const out = decoded(itemCount(source), resolution);
    let previous: Promise<void> = Promise.resolve(); // this batch's read before, decoding
    for (const [start, end] of reads(source)) {
      const items = await readItems(source, start, end); // while the read before decodes
      const turn = decoding.then(() => decodeItems(items, resolution, out, start));
      decoding = turn.catch(() => undefined);
      await previous; // bytes held: this read's and the next one's
      previous = turn;
    }
    await previous;
    self.postMessage({ id, ...out } satisfies DecodeResult, { transfer: [out.pixels.buffer] });
  } catch (err) {
    setTimeout(() => {
      throw err; // not expected: surface it as a crash (an error event), which the pool retries in halves
    });
  }
};

type Decoded = Omit<DecodeResult, 'id'>;

function decoded(count: number, resolution: number): Decoded {
  return { pixels: new Uint8Array(count * resolution * resolution * 3), reasons: new Array<string | null>(count).fill(null) };
}

function itemCount(source: DecodeSource): number {
  return 'packed' in source ? source.lengths.length : source.files.length;
}

/** The batch's reads as [start, end) ranges: a packed blob in one, files FILE_READ bytes at a time. */
function reads(source: DecodeSource): [number, number][] {
  return 'packed' in source
    ? [[0, source.lengths.length]]
    : planBatches(
        source.files.map((f) => f.size),
        FILE_READ,
      );
}

/** Decodes `items` (bytes, or why a file was not read) into `out` from item `at` on: RGB [resolution, resolution, 3] each. */
async function decodeItems(items: (Uint8Array | string)[], resolution: number, out: Decoded, at: number): Promise<void> {
  const imageBytes = resolution * resolution * 3;
  const { pixels, reasons } = out;
  const valid: { k: number; bytes: Uint8Array; format: ImageFormat; pixels: number }[] = [];
  items.forEach((item, i) => {
    const k = at + i;
    if (typeof item === 'string') reasons[k] = item;
    else {
      const v = validateImage(item);
      if (!v.ok) reasons[k] = v.reason;
      else valid.push({ k, bytes: item, format: v.info.format, pixels: v.info.width * v.info.height });
    }
  });
  // decoded frames of a wave are alive together: bound their pixels as one file's are bounded
  for (const [start, end] of planBatches(
    valid.map((v) => v.pixels),
    { maxItems: Infinity, maxTotal: MAX_PIXELS },
  )) {
    const wave = valid.slice(start, end);
    const frames = await Promise.all(wave.map((v) => decodeImage(v.bytes, v.format).catch(() => null)));
    frames.forEach((frame, i) => {
      try {
        if (frame) squareRgbInto(frame, resolution, pixels, wave[i].k * imageBytes);
        else reasons[wave[i].k] = CORRUPT;
      } catch {
        reasons[wave[i].k] = CORRUPT; // a frame the canvas cannot draw
      } finally {
        frame?.close();
      }
    });
  }
}

/** Items [start, end) of the batch: each one's bytes, or why it was not read. One request per read (one per file cost ~0.5 ms). */
async function readItems(source: DecodeSource, start: number, end: number): Promise<(Uint8Array | string)[]> {
  if ('packed' in source) {
    const all = await source.packed.arrayBuffer().catch(() => null);
    let offset = 0;
    return source.lengths.map((n) => (all ? new Uint8Array(all, (offset += n) - n, n) : UNREADABLE));
  }
  const files = source.files.slice(start, end);
  return readFiles(
    files,
    files.map((f) => checkFileSize(f.size)),
  ); // sizes before reading a byte of a huge file
}

interface Frame {
  image: CanvasImageSource;
  width: number;
  height: number;
  close(): void;
}

/** Whether ImageDecoder takes this MIME type, asked once per type; false where there is no ImageDecoder. */
const decoderSupport = new Map<string, Promise<boolean>>();
function imageDecoderTakes(type: string): Promise<boolean> {
  let known = decoderSupport.get(type);
  if (!known)
    decoderSupport.set(
      type,
      (known = typeof ImageDecoder === 'undefined' ? Promise.resolve(false) : ImageDecoder.isTypeSupported(type).catch(() => false)),
    );
  return known;
}

/**
 * The image in `bytes` (EXIF orientation applied). ImageDecoder decodes the bytes in hand, 4× faster than
 * createImageBitmap on a Blob made of them for small files, which stays the path where ImageDecoder is
 * missing, and gives a second opinion on a file ImageDecoder refuses. Rejects when neither can decode it.
 */
async function decodeImage(bytes: Uint8Array, format: ImageFormat): Promise<Frame> {
  const type = `image/${format}`;
  if (await imageDecoderTakes(type)) {
    const decoder = new ImageDecoder({ data: bytes, type });
    try {
      const { image } = await decoder.decode();
      return { image, width: image.displayWidth, height: image.displayHeight, close: () => image.close() };
    } catch {
      // fall through to createImageBitmap
    } finally {
      decoder.close();
    }
  }
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  return { image: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() };
}

/**
 * Writes the frame's centre square at r² px, composited over white (transparent PNG/GIF pixels), as RGB
 * at `out[at…]`. The crop is drawn unscaled first, then scaled canvas to canvas: drawing a decoded frame
 * scaled takes the GPU path, and reading that back cost ~1 ms a 64 px image (90 ms from a 1 MP photo)
 * under SwiftShader, against 0.1 ms this way.
 */
function squareRgbInto(frame: Frame, r: number, out: Uint8Array, at: number): void {
  const side = Math.min(frame.width, frame.height);
  const crop = context('crop', side);
  crop.fillStyle = '#fff';
  crop.fillRect(0, 0, side, side);
  crop.drawImage(frame.image, Math.floor((frame.width - side) / 2), Math.floor((frame.height - side) / 2), side, side, 0, 0, side, side);
  let ctx = crop;
  if (side !== r) {
    ctx = context('scaled', r);
    ctx.drawImage(crop.canvas, 0, 0, r, r);
  }
  const rgba = ctx.getImageData(0, 0, r, r).data;
  for (let p = 0, q = at; p < rgba.length; p += 4, q += 3) {
    out[q] = rgba[p];
    out[q + 1] = rgba[p + 1];
    out[q + 2] = rgba[p + 2];
  }
}

const contexts = new Map<string, OffscreenCanvasRenderingContext2D>();

/** This worker's canvas for `use`, sized `side`² (resized only when the side changes). */
function context(use: 'crop' | 'scaled', side: number): OffscreenCanvasRenderingContext2D {
  let ctx = contexts.get(use);
  if (!ctx) {
    ctx = new OffscreenCanvas(side, side).getContext('2d', { willReadFrequently: true })!;
    contexts.set(use, ctx);
  }
  if (ctx.canvas.width !== side) {
    ctx.canvas.width = ctx.canvas.height = side; // resets the context's state, smoothing included
  }
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  return ctx;
}
