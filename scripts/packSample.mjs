// Packs the built-in sample into public/sample/:
// - the labelled sample (image-folder layout: <class>/<file>.jpg) → pixels.bin (uint8 RGB [count, 32, 32, 3],
//   class-major, classes and files sorted) and meta.json;
// - the unlabelled pool (a flat folder of 32×32 JPEGs) → pool.bin (the JPEG files' bytes, concatenated in
//   file-name order) and pool.json ({ name, count, resolution, source, lengths: byte length of each JPEG }).
// Usage: npm run pack-sample [-- <sample dir> [<pool dir>]]
//   (defaults ../shared/datasets/cifar10-sample and ../shared/datasets/cifar10-unlabelled-10k)
import { Buffer } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';

const RESOLUTION = 32;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sampleDir = resolve(repoRoot, process.argv[2] ?? '../shared/datasets/cifar10-sample');
const poolDir = resolve(repoRoot, process.argv[3] ?? '../shared/datasets/cifar10-unlabelled-10k');
const outDir = join(repoRoot, 'public', 'sample');
const CIFAR =
  'CIFAR-10 (Alex Krizhevsky, "Learning Multiple Layers of Features from Tiny Images", 2009), ' +
  'https://www.cs.toronto.edu/~kriz/cifar.html, via the public CIFAR-10 JPEG export.';

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const imageSize = RESOLUTION * RESOLUTION * 3;
const jpegsIn = (dir) =>
  readdirSync(dir)
    .filter((f) => /\.jpe?g$/i.test(f))
    .sort(byName);

/** The file's RGB pixels; throws unless it is a RESOLUTION² JPEG. */
function decode32(path, bytes) {
  const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false });
  if (img.width !== RESOLUTION || img.height !== RESOLUTION || img.data.length !== imageSize)
    throw new Error(`${path}: expected ${RESOLUTION}x${RESOLUTION} RGB, got ${img.width}x${img.height}`);
  return img.data;
}

function packSample() {
  const classNames = readdirSync(sampleDir)
    .filter((d) => statSync(join(sampleDir, d)).isDirectory())
    .sort(byName);
  const chunks = [];
  const runs = []; // [classIndex, count] pairs: the labels, run-length encoded
  classNames.forEach((cls, label) => {
    const files = jpegsIn(join(sampleDir, cls));
    for (const f of files) chunks.push(decode32(`${cls}/${f}`, readFileSync(join(sampleDir, cls, f))));
    runs.push([label, files.length]);
  });
  const pixels = Buffer.concat(chunks);
  const meta = {
    name: 'CIFAR-10 sample',
    resolution: RESOLUTION,
    count: chunks.length,
    classNames,
    labels: { encoding: 'runs', runs },
    source: `First 200 training images per class of ${CIFAR} Decoded with jpeg-js; pixels are uint8 RGB [count, 32, 32, 3], class-major.`,
  };
  writeFileSync(join(outDir, 'pixels.bin'), pixels);
  writeFileSync(join(outDir, 'meta.json'), JSON.stringify(meta, null, 2) + '\n');
  process.stdout.write(`packed ${meta.count} images, ${classNames.length} classes, ${pixels.length} bytes → ${outDir}\n`);
}

function packPool() {
  const files = jpegsIn(poolDir);
  const jpegs = files.map((f) => {
    const bytes = readFileSync(join(poolDir, f));
    decode32(f, bytes); // refuse a file the browser would reject or resize
    return bytes;
  });
  const bin = Buffer.concat(jpegs);
  const meta = {
    name: 'CIFAR-10 unlabelled pool',
    count: jpegs.length,
    resolution: RESOLUTION,
    source:
      `Training images 200–1199 of each class of ${CIFAR} Shuffled and without labels; disjoint from the labelled ` +
      "sample. The original JPEG files, concatenated in file-name order (00000.jpg …); lengths gives each one's bytes.",
    lengths: jpegs.map((b) => b.length),
  };
  writeFileSync(join(outDir, 'pool.bin'), bin);
  // one field a line, the 10,000 lengths on one line
  const { lengths, ...head } = meta;
  const json = JSON.stringify(head, null, 2).replace(/\n}$/, `,\n  "lengths": ${JSON.stringify(lengths)}\n}\n`);
  writeFileSync(join(outDir, 'pool.json'), json);
  process.stdout.write(`packed ${meta.count} unlabelled JPEGs, ${bin.length} bytes → ${outDir}\n`);
}

mkdirSync(outDir, { recursive: true });
packSample();
packPool();
