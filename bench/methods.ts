// One training step of each method on tfjs-wasm in Node (one thread), at the method's recipe config (32 px), on random
// images: Run.trainStep (batch gather, the method's views, forward, backward, Adam), timed in this process's CPU time
// (on a shared machine wall time mostly measures the wait for a core), best of REPS steps after warm-up.
//   --profile      where each step's time goes: its kernels by CPU time (each call's least of 3 profiled steps)
//   --before DIR   the same steps of another checkout (e.g. `git archive main | tar -x -C DIR` with node_modules
//                  linked), the two in alternating processes ROUNDS times, each keeping its best: before / after
// Usage: npm run bench -- methods [--methods rotation,cpc] [--profile] [--before DIR] [--quick]
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { machine, quickDir, resultsDir } from './record';
import { writeRecord, type FlatRecord } from './render';

const { values: opt } = parseArgs({
  options: {
    methods: { type: 'string', default: 'rotation,jigsaw,colorization,cpc,simclr,autoencoder,supervised' },
    profile: { type: 'boolean', default: false },
    before: { type: 'string' },
    root: { type: 'string' },
    quick: { type: 'boolean', default: false },
  },
});
const ROUNDS = opt.quick ? 1 : 5;
const REPS = opt.quick ? 1 : 4;
const here = path.resolve(import.meta.dirname, '..');
const ids = opt.methods!.split(',');
const host = machine({ backend: 'wasm', threads: 1 }); // the load average at the start

type Modules = [
  typeof import('../kernels/wasm/wasmKernels'),
  typeof import('../src/core/methods/registry'),
  typeof import('../src/core/methods/catalog'),
  typeof import('../src/core/data/imageStore'),
  typeof import('../src/core/train/run'),
];

/** CPU ms of `fn`. */
function cpuMs(fn: () => void): number {
  const t0 = process.cpuUsage();
  fn();
  const { user, system } = process.cpuUsage(t0);
  return (user + system) / 1000;
}

/** Each method's best step time (and, with `profile`, its kernels) with the code under `root`. */
async function measure(root: string, profile: boolean): Promise<Record<string, number>> {
  const at = (p: string) => import(path.join(root, p));
  // the kernels' home in `root` (a checkout from before they left src/core keeps them under src/core/backend)
  const kernels = existsSync(path.join(root, 'kernels')) ? 'kernels/wasm/wasmKernels.ts' : 'src/core/backend/wasmKernels.ts';
  const [{ registerWasmTrainingKernels }, { getMethod }, { recipeConfig }, { ImageStore }, { Run }] = (await Promise.all(
    [kernels, ...['methods/registry.ts', 'methods/catalog.ts', 'data/imageStore.ts', 'train/run.ts'].map((p) => `src/core/${p}`)].map(at),
  )) as Modules;
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  const n = 512,
    px = 32;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 10);
  const data = {
    images: new ImageStore(
      Uint8Array.from({ length: n * px * px * 3 }, (_, i) => (i * 2654435761) >>> 24),
      n,
      px,
    ),
    labels: tf.tensor1d(labels, 'int32'),
    labelsCpu: labels,
    train: Int32Array.from({ length: n }, (_, i) => i),
    test: new Int32Array(0),
    numClasses: 10,
    classNames: [],
  };
  const out: Record<string, number> = {};
  for (const id of ids) {
    const method = getMethod(id);
    const run = new Run(method, { ...recipeConfig(method), resolution: px }, data);
    for (let i = 0; i < 2; i++) run.trainStep(); // warm-up: operator caches, heap growth
    await run.drain(true);
    let best = Infinity;
    for (let r = 0; r < REPS; r++) {
      best = Math.min(
        best,
        cpuMs(() => run.trainStep()),
      ); // wasm runs synchronously: the step is done when trainStep returns
      await run.drain(true);
    }
    out[id] = best;
    if (profile)
      await printProfile(
        id,
        () => run.trainStep(),
        () => run.drain(true),
      );
    run.dispose();
  }
  data.images.dispose();
  data.labels.dispose();
  return out;
}

/** Kernels of one step by CPU time: each call's least of 3 profiled steps (kernel order is the same every step). */
async function printProfile(id: string, step: () => void, settle: () => Promise<unknown>): Promise<void> {
  const wall = tf.env().platform.now;
  tf.env().platform.now = () => process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
  const infos: Awaited<ReturnType<typeof tf.profile>>[] = [];
  for (let r = 0; r < 3; r++) {
    infos.push(await tf.profile(step));
    await settle();
  }
  tf.env().platform.now = wall;
  const byName = new Map<string, { calls: number; ms: number }>();
  infos[0].kernels.forEach((k, i) => {
    if (!tf.getKernel(k.name, 'wasm')) return; // scopes time the kernels they run, which are listed on their own
    const e = byName.get(k.name) ?? { calls: 0, ms: 0 };
    e.calls++;
    e.ms += Math.min(...infos.map((p) => Number(p.kernels[i].kernelTimeMs)));
    byName.set(k.name, e);
  });
  const rows = [...byName].sort((a, b) => b[1].ms - a[1].ms);
  console.log(`\n${id}: ${rows.reduce((s, [, e]) => s + e.calls, 0)} kernels, ${rows.reduce((s, [, e]) => s + e.ms, 0).toFixed(1)} ms`);
  for (const [name, e] of rows.slice(0, 15))
    console.log(`  ${name.padEnd(24)} ${String(e.calls).padStart(4)} ${e.ms.toFixed(1).padStart(8)}`);
}

/** Writes the record (bench/results/methods.json and .md; --quick: bench/.tmp/quick/). */
function save(rows: FlatRecord['rows']): void {
  const out = opt.quick ? quickDir : resultsDir;
  writeRecord(out, { part: 'methods', when: new Date().toISOString(), quick: opt.quick!, machine: host, rows });
  console.log(`wrote ${out}/methods.json and methods.md`);
}

if (opt.root) console.log(JSON.stringify(await measure(opt.root, false)));
else if (!opt.before) {
  const times = await measure(here, opt.profile);
  console.log('\nstep CPU ms, best of', REPS);
  for (const id of ids) console.log(`${id.padEnd(14)} ${times[id].toFixed(1).padStart(8)}`);
  save(ids.map((id) => ({ method: id, 'step CPU ms': times[id] })));
} else {
  const roots = [path.resolve(opt.before), here];
  const best = roots.map(() => Object.fromEntries(ids.map((id) => [id, Infinity])));
  for (let round = 0; round < ROUNDS; round++) {
    roots.forEach((root, side) => {
      const line = execFileSync(
        'npx',
        ['tsx', path.join(here, 'bench/methods.ts'), '--root', root, '--methods', ids.join(','), ...(opt.quick ? ['--quick'] : [])],
        { encoding: 'utf8' },
      );
      const times = JSON.parse(line.trim().split('\n').pop()!) as Record<string, number>;
      for (const id of ids) best[side][id] = Math.min(best[side][id], times[id]);
    });
  }
  console.log(
    `step CPU ms, best of ${ROUNDS} alternating rounds × ${REPS} steps\n${'method'.padEnd(14)} ${'before'.padStart(8)} ${'after'.padStart(8)}  ratio`,
  );
  for (const id of ids)
    console.log(
      `${id.padEnd(14)} ${best[0][id].toFixed(1).padStart(8)} ${best[1][id].toFixed(1).padStart(8)} ${(best[0][id] / best[1][id]).toFixed(2).padStart(6)}×`,
    );
  save(ids.map((id) => ({ method: id, 'before ms': best[0][id], 'after ms': best[1][id], ratio: best[0][id] / best[1][id] })));
}
