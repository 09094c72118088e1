// Node-side image-folder loading for `npm run quality`: the app's folder convention (each first-level sub-folder is a
// class, top-level images are unlabelled), decoded with jpeg-js / pngjs, centre-cropped and box-resized to the
// working resolution. The app decodes in the browser (src/ingest); this is the benchmark's equivalent for Node.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageSet } from '../../src/core/data/imageSet';
import { sampleFromPacked, type SampleMeta } from '../../src/ingest/sample';

const EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array; // RGBA
}

function decode(file: string): Rgba {
  const bytes = readFileSync(file);
  if (extname(file).toLowerCase() === '.png') return PNG.sync.read(bytes);
  return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
}

/** Centre square crop, then an area-average resize to `r` px: RGB bytes [r, r, 3] into `out` at `offset`. */
function cropResize(img: Rgba, r: number, out: Uint8Array, offset: number): void {
  const side = Math.min(img.width, img.height);
  const x0 = (img.width - side) >> 1;
  const y0 = (img.height - side) >> 1;
  const scale = side / r;
  for (let y = 0; y < r; y++) {
    const ya = Math.floor(y * scale);
    const yb = Math.max(ya + 1, Math.floor((y + 1) * scale));
    for (let x = 0; x < r; x++) {
      const xa = Math.floor(x * scale);
      const xb = Math.max(xa + 1, Math.floor((x + 1) * scale));
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let yy = ya; yy < yb; yy++) for (let xx = xa; xx < xb; xx++) sum += img.data[((y0 + yy) * img.width + x0 + xx) * 4 + c];
        out[offset + (y * r + x) * 3 + c] = Math.round(sum / ((yb - ya) * (xb - xa)));
      }
    }
  }
}

const images = (dir: string) =>
  readdirSync(dir)
    .filter((f) => EXTENSIONS.has(extname(f).toLowerCase()))
    .sort(byName);

/** A folder as an ImageSet: classes from its sub-folders (sorted), top-level images unlabelled (-1). */
export function loadFolder(dir: string, resolution: number): ImageSet {
  const classNames = readdirSync(dir)
    .filter((d) => statSync(join(dir, d)).isDirectory())
    .sort(byName);
  const files: { path: string; label: number }[] = images(dir).map((f) => ({ path: join(dir, f), label: -1 }));
  classNames.forEach((c, label) => files.push(...images(join(dir, c)).map((f) => ({ path: join(dir, c, f), label }))));
  if (files.length === 0) throw new Error(`No JPEG or PNG images in ${dir}.`);
  const size = resolution * resolution * 3;
  const pixels = new Uint8Array(files.length * size);
  files.forEach((f, i) => cropResize(decode(f.path), resolution, pixels, i * size));
  return { name: basename(dir), resolution, pixels, labels: Int32Array.from(files, (f) => f.label), classNames };
}

/** The packed built-in sample (public/sample, see scripts/packSample.mjs), optionally only `perClass` images of each class. */
export function loadPackedSample(dir: string, resolution: number, perClass?: number): ImageSet {
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as SampleMeta;
  const set = sampleFromPacked(meta, new Uint8Array(readFileSync(join(dir, 'pixels.bin'))), resolution);
  if (perClass === undefined) return set;
  const size = resolution * resolution * 3;
  const seen = new Map<number, number>();
  const keep = Array.from(set.labels.keys()).filter((i) => {
    const n = seen.get(set.labels[i]) ?? 0;
    seen.set(set.labels[i], n + 1);
    return n < perClass;
  });
  const pixels = new Uint8Array(keep.length * size);
  keep.forEach((i, k) => pixels.set(set.pixels.subarray(i * size, (i + 1) * size), k * size));
  return { ...set, pixels, labels: Int32Array.from(keep, (i) => set.labels[i]) };
}

interface PoolMeta {
  name: string;
  count: number;
  resolution: number;
  lengths: number[]; // byte length of each JPEG in pool.bin, in order
}

/** The built-in unlabelled pool (public/sample/pool.{bin,json}: JPEG files end to end), decoded at `resolution`. */
export function loadPackedPool(dir: string, resolution: number): ImageSet {
  const meta = JSON.parse(readFileSync(join(dir, 'pool.json'), 'utf8')) as PoolMeta;
  const bytes = readFileSync(join(dir, 'pool.bin'));
  const size = resolution * resolution * 3;
  const pixels = new Uint8Array(meta.count * size);
  let offset = 0;
  meta.lengths.forEach((n, i) => {
    cropResize(jpeg.decode(bytes.subarray(offset, offset + n), { useTArray: true, formatAsRGBA: true }), resolution, pixels, i * size);
    offset += n;
  });
  return { name: meta.name, resolution, pixels, labels: new Int32Array(meta.count).fill(-1), classNames: [] };
}
