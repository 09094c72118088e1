// Packs the CIFAR-10 sample (image-folder layout: <class>/<file>.jpg) into public/sample/:
// pixels.bin (uint8 RGB [count, 32, 32, 3], class-major, classes and files sorted) and meta.json.
// Usage: npm run pack-sample [-- <dataset dir>]   (default ../shared/datasets/cifar10-sample)
import { Buffer } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';

const RESOLUTION = 32;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(repoRoot, process.argv[2] ?? '../shared/datasets/cifar10-sample');
const outDir = join(repoRoot, 'public', 'sample');

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const classNames = readdirSync(source).filter((d) => statSync(join(source, d)).isDirectory()).sort(byName);
const imageSize = RESOLUTION * RESOLUTION * 3;
const chunks = [];
const runs = []; // [classIndex, count] pairs: the labels, run-length encoded

classNames.forEach((cls, label) => {
  const files = readdirSync(join(source, cls)).filter((f) => /\.jpe?g$/i.test(f)).sort(byName);
  for (const f of files) {
    const img = jpeg.decode(readFileSync(join(source, cls, f)), { useTArray: true, formatAsRGBA: false });
    if (img.width !== RESOLUTION || img.height !== RESOLUTION || img.data.length !== imageSize)
      throw new Error(`${cls}/${f}: expected ${RESOLUTION}x${RESOLUTION} RGB, got ${img.width}x${img.height}`);
    chunks.push(img.data);
  }
  runs.push([label, files.length]);
});

const pixels = Buffer.concat(chunks);
const meta = {
  name: 'CIFAR-10 sample',
  resolution: RESOLUTION,
  count: chunks.length,
  classNames,
  labels: { encoding: 'runs', runs },
  source:
    'First 200 training images per class of CIFAR-10 (Alex Krizhevsky, "Learning Multiple Layers of Features ' +
    'from Tiny Images", 2009), https://www.cs.toronto.edu/~kriz/cifar.html, via the public CIFAR-10 JPEG export. ' +
    'Decoded with jpeg-js; pixels are uint8 RGB [count, 32, 32, 3], class-major.',
};

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'pixels.bin'), pixels);
writeFileSync(join(outDir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
process.stdout.write(`packed ${meta.count} images, ${classNames.length} classes, ${pixels.length} bytes → ${outDir}\n`);
