// `npm run bench -- gpu-pack [--out DIR] [--no-runtime] [--node PATH] [--libvulkan PATH]`: writes the GPU
// benchmark as one self-contained folder (default bench/.tmp/gpu/, git-ignored) for a Linux x86-64 machine with a
// GPU and nothing else: run.sh; bench.mjs (bench + app core + tfjs + tfjs-backend-webgpu in one file); the `webgpu`
// package's loader and its linux-x64 dawn.node (xz); the Vulkan loader libvulkan.so.1; a Node runtime (xz, this
// machine's, stripped); a 1,000-image subset of the sample dataset. Prints the size of each part.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { SampleMeta } from '../../src/ingest/sample';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Images kept per class of the sample (32 px: 3 KB each). Throughput does not depend on how many there are. */
const PER_CLASS = 100;
/** What the device machine takes along with the repo's working tree. */
const CARRY_LIMIT = 64 * 2 ** 20;

export interface PackOptions {
  out: string;
  runtime: boolean; // carry a Node binary (off: run.sh uses the machine's node)
  node: string; // the Node binary to carry
  libvulkan: string | null; // a libvulkan.so.1 to carry; null: find one (system, apt's cache, apt-get download, Chromium's)
}

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** xz at a middle preset: a fifth of Node's size in a minute on two cores (-9 saves 1 MB for twice the time). */
function xz(src: string, dest: string): void {
  execFileSync('sh', ['-c', 'xz -6 -T0 -c "$0" > "$1"', src, dest]);
}

/** The sample's first PER_CLASS images of every class, as packed sample files. */
function sampleSubset(dir: string): void {
  const meta = JSON.parse(readFileSync(path.join(root, 'public/sample/meta.json'), 'utf8')) as SampleMeta;
  const pixels = readFileSync(path.join(root, 'public/sample/pixels.bin'));
  const labels = Array.isArray(meta.labels) ? meta.labels : meta.labels.runs.flatMap(([l, n]) => new Array<number>(n).fill(l));
  const bytes = meta.resolution * meta.resolution * 3;
  const seen = new Map<number, number>();
  const keep: number[] = [];
  labels.forEach((l, i) => {
    seen.set(l, (seen.get(l) ?? 0) + 1);
    if (seen.get(l)! <= PER_CLASS) keep.push(i);
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'pixels.bin'), Buffer.concat(keep.map((i) => pixels.subarray(i * bytes, (i + 1) * bytes))));
  const subset: SampleMeta = {
    ...meta,
    name: `${meta.name} (${PER_CLASS} per class)`,
    count: keep.length,
    labels: keep.map((i) => labels[i]),
  };
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(subset));
}

/** Debian's libvulkan1 (the Khronos loader): installed, in apt's cache, or downloaded; else Chromium's copy. */
function findLibvulkan(work: string): string {
  const installed = '/usr/lib/x86_64-linux-gnu/libvulkan.so.1';
  if (existsSync(installed)) return installed;
  const cached = existsSync('/var/cache/apt/archives')
    ? readdirSync('/var/cache/apt/archives').find((f) => /^libvulkan1_.*_amd64\.deb$/.test(f))
    : undefined;
  let deb = cached ? path.join('/var/cache/apt/archives', cached) : null;
  if (!deb && has('apt-get') && spawnSync('apt-get', ['download', 'libvulkan1:amd64'], { cwd: work }).status === 0) {
    deb = path.join(
      work,
      readdirSync(work).find((f) => f.startsWith('libvulkan1_'))!,
    );
  }
  if (deb) {
    execFileSync('dpkg-deb', ['-x', deb, path.join(work, 'deb')]);
    const lib = path.join(work, 'deb/usr/lib/x86_64-linux-gnu/libvulkan.so.1');
    if (existsSync(lib)) return lib;
  }
  const chromium = '/usr/lib/chromium/libvulkan.so.1';
  if (existsSync(chromium)) return chromium;
  throw new Error('No libvulkan.so.1 found: install libvulkan1, or pass --libvulkan PATH.');
}

/** Every file under `dir` with its size, largest first. */
export function sizes(dir: string): { file: string; bytes: number }[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  return walk(dir)
    .map((f) => ({ file: path.relative(dir, f), bytes: statSync(f).size }))
    .sort((a, b) => b.bytes - a.bytes);
}

export async function pack(opts: PackOptions): Promise<{ file: string; bytes: number }[]> {
  rmSync(opts.out, { recursive: true, force: true });
  mkdirSync(opts.out, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'pretext-gpu-pack-'));
  try {
    // tfjs' ES modules (one tfjs-core, as the app's Vite build has); `webgpu` stays outside: it loads dawn.node.
    await build({
      entryPoints: [path.join(root, 'bench/gpu/bench.ts')],
      outfile: path.join(opts.out, 'bench.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      mainFields: ['module', 'main'],
      external: ['webgpu'],
      minify: true,
      legalComments: 'eof',
      logLevel: 'warning',
      // tfjs' CommonJS corners call require(): give the ES module one.
      banner: { js: "import { createRequire as __pretextRequire } from 'node:module'; const require = __pretextRequire(import.meta.url);" },
      define: { 'import.meta.env': '{}' },
    });
    const webgpu = path.join(root, 'node_modules/webgpu');
    const dest = path.join(opts.out, 'node_modules/webgpu');
    mkdirSync(path.join(dest, 'dist/linux-x64'), { recursive: true });
    for (const f of ['package.json', 'index.js', 'LICENSE.md']) copyFileSync(path.join(webgpu, f), path.join(dest, f));
    xz(path.join(webgpu, 'dist/linux-x64/dawn.node'), path.join(dest, 'dist/linux-x64/dawn.node.xz'));
    mkdirSync(path.join(opts.out, 'lib'));
    copyFileSync(opts.libvulkan ?? findLibvulkan(work), path.join(opts.out, 'lib/libvulkan.so.1'));
    if (opts.runtime) {
      const node = path.join(work, 'node');
      copyFileSync(opts.node, node);
      if (has('strip')) execFileSync('strip', ['--strip-all', node]); // Debian's node carries debug info: 99 → 86 MB
      xz(node, path.join(opts.out, 'node.xz'));
    }
    sampleSubset(path.join(opts.out, 'sample'));
    cpSync(path.join(root, 'bench/gpu/run.sh'), path.join(opts.out, 'run.sh'));
    chmodSync(path.join(opts.out, 'run.sh'), 0o755);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return sizes(opts.out);
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = path.resolve(value('out') ?? path.join(root, 'bench/.tmp/gpu'));
  const files = await pack({
    out,
    runtime: !argv.includes('--no-runtime'),
    node: value('node') ?? process.execPath,
    libvulkan: value('libvulkan') ?? null,
  });
  const total = files.reduce((s, f) => s + f.bytes, 0);
  for (const f of files) process.stdout.write(`${mib(f.bytes).padStart(10)}  ${f.file}\n`);
  process.stdout.write(
    `${mib(total).padStart(10)}  total in ${path.relative(process.cwd(), out) || '.'} (${total <= CARRY_LIMIT ? 'within' : 'OVER'} the 64 MiB a GPU machine takes along)\n`,
  );
}
