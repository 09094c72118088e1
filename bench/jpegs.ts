import jpeg from 'jpeg-js';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../src/core/rng';

const countJpegs = (dir: string): number => {
  try {
    return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.jpg')).length;
  } catch {
    return 0;
  }
};

/** Distinct images encoded; the files cycle through them (jpeg-js rebuilds its tables per call: ~40 ms each here). */
const DISTINCT = 500;

/** One seeded `side`×`side` JPEG: a colour gradient with a disc. */
function encodeOne(rng: Rng, side: number): Buffer {
  const rgba = Buffer.alloc(side * side * 4);
  const [cx, cy, r] = [rng.next() * side, rng.next() * side, side * (0.15 + 0.3 * rng.next())];
  const disc = [rng.int(256), rng.int(256), rng.int(256)];
  const tint = [rng.int(256), rng.int(256), rng.int(256)];
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      const inside = (x - cx) ** 2 + (y - cy) ** 2 < r * r;
      for (let c = 0; c < 3; c++) rgba[(y * side + x) * 4 + c] = inside ? disc[c] : (tint[c] * (x + y)) / (2 * side);
      rgba[(y * side + x) * 4 + 3] = 255;
    }
  return jpeg.encode({ data: rgba, width: side, height: side }, 85).data;
}

/**
 * A folder of `count` JPEG files in `classes` sub-folders (class-000/img-00000.jpg), cycling through
 * DISTINCT seeded images. Reused when it already holds exactly `count` JPEGs.
 */
export function jpegFolder(dir: string, count: number, classes = 10, side = 64): string {
  if (countJpegs(dir) === count) return dir;
  rmSync(dir, { recursive: true, force: true });
  const rng = new Rng(count);
  const images = Array.from({ length: Math.min(count, DISTINCT) }, () => encodeOne(rng, side));
  for (let c = 0; c < classes; c++) mkdirSync(path.join(dir, `class-${String(c).padStart(3, '0')}`), { recursive: true });
  for (let i = 0; i < count; i++) {
    const cls = `class-${String(i % classes).padStart(3, '0')}`;
    writeFileSync(path.join(dir, cls, `img-${String(i).padStart(5, '0')}.jpg`), images[i % images.length]);
  }
  return dir;
}
