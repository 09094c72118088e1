// `npm run quality [-- options]`: the learning-quality benchmark. Every method pre-trains through the app's own Trainer on
// tfjs-wasm in Node, on a labelled folder plus an optional unlabelled pool; its frozen encoder is then probed (linear
// probe, kNN, label sweep) on the held-out labelled images, against random init and supervised from scratch.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { registerWasmTrainingKernels } from '../../kernels/wasm/wasmKernels';
import type { TrainConfig } from '../../src/core/config';
import { isLabelled, withUnlabelled } from '../../src/core/data/imageSet';
import { getMethod, methods } from '../../src/core/methods/registry';
import { recipeConfig, type MethodId } from '../../src/core/methods/catalog';
import { BUDGET_SECONDS, resolveBudget, type TimeBudget } from '../../src/core/budget';
import { runCost } from '../../src/core/estimate';
import { loadFolder, loadPackedPool, loadPackedSample } from './folder';
import { machine, resultsDir } from '../record';
import { writeRecord } from '../render';
import { finetuneVerdicts, verdicts, type MethodResult, type QualityRecord } from './report';
import { runSeedsInJobs } from './jobs';
import { TrackedTrainer, trainAndEvaluate } from './session';
import { finetuneDefaults, type FinetuneSettings } from '../../src/core/config';
import type { FinetuneKind } from '../../src/core/train/types';
import { textQuality } from './text';
import { textOptions } from './textOptions';

const USAGE = `npm run quality -- [--folder DIR] [--pool DIR] [--methods ids] [--seeds 1,2] [--steps N | --minutes M | --budget B]
  [--marks 1,3] [--test-fraction F] [--no-scratch] [--finetune 1|semi] [--finetune-steps N] [--finetune-crop F] [--jobs N] [--out DIR] [--quick]
  --folder         labelled image folder (one sub-folder per class; top-level images count as unlabelled); default: the built-in sample
  --pool           folder of unlabelled images the self-supervised methods also pre-train on, or none; default: with
                   the built-in sample, its 10,000-photo pool (public/sample/pool.*), else none
  --methods        registry ids, comma-separated; default: every method except supervised
  --seeds          one run per seed and method; default 1,2
  --steps          steps per run, for every method; default: each method's recipe
  --minutes        training minutes per run instead: steps are set from a measured step time
  --budget         quick, standard or long: the steps the app's card gives each method for this folder before any run
                   has measured the browser (its first guess, WASM at this process's threads): the app's defaults
  --marks          minutes of training at which to probe mid-run (quality per minute), e.g. 1,3
  --test-fraction  held-out share of every class; default the app's 0.2
  --no-scratch     skip supervised from scratch at each label budget
  --finetune       after each run, fine-tune its encoder at every label budget (1), then also semi-supervised (semi)
  --finetune-steps fine-tuning steps per budget; default the app's (finetuneDefaults); scratch trains at least as many
  --finetune-crop  smallest crop (share of the area) of fine-tuning's augmentation, scratch's too; default the app's
  --jobs           seeds trained side by side in this many processes (Node's tfjs-wasm uses one core each); default 1
  --out            where quality.json and quality.md go; default bench/results/ (--quick: bench/.tmp/quality-quick/)
  --quick          CI smoke: the sample at 16 px, 2 methods, a few steps

  --text DIR       a labelled text folder instead (text methods; split by book; see docs/text.md): with --methods,
                   --seeds, --minutes (default 3; CPU minutes of the process, one core), --out, --no-scratch, and --tune (dev books), --vocab N (2000), --seq-len T (32)`;

const { values: opt } = parseArgs({
  options: {
    folder: { type: 'string' },
    pool: { type: 'string' },
    methods: { type: 'string' },
    seeds: { type: 'string', default: '1,2' },
    steps: { type: 'string' },
    minutes: { type: 'string' },
    budget: { type: 'string' },
    marks: { type: 'string' },
    'test-fraction': { type: 'string' },
    'no-scratch': { type: 'boolean', default: false },
    finetune: { type: 'string' },
    'finetune-steps': { type: 'string' },
    'finetune-crop': { type: 'string' },
    out: { type: 'string' },
    quick: { type: 'boolean', default: false },
    jobs: { type: 'string', default: '1' },
    text: { type: 'string' },
    tune: { type: 'boolean', default: false },
    vocab: { type: 'string', default: '2000' },
    'seq-len': { type: 'string', default: '32' },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  console.log(USAGE);
  process.exit(0);
}
const numbers = (s: string, what: string) =>
  s.split(',').map((x) => {
    const v = Number(x);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${what}: "${x}" is not a positive number.`);
    return v;
  });
if ([opt.steps, opt.minutes, opt.budget].filter(Boolean).length > 1) throw new Error('Give one of --steps, --minutes and --budget.');
if (opt.budget && !(opt.budget in BUDGET_SECONDS)) throw new Error(`--budget: "${opt.budget}" is not quick, standard or long.`);
if (opt.text) {
  await startWasm();
  await textQuality(textOptions(opt, numbers));
  process.exit(0);
}

const root = resolve(import.meta.dirname, '../..');
const quick = opt.quick;
const resolution = quick ? 16 : 32;
const seeds = numbers(opt.seeds!, 'seeds');
const marks = opt.marks ? numbers(opt.marks, 'marks') : [];
const testFraction = opt['test-fraction'] ? numbers(opt['test-fraction'], 'test-fraction')[0] : undefined;
const ids = (
  opt.methods ??
  (quick
    ? 'rotation,random'
    : methods
        .filter((m) => m.id !== 'supervised')
        .map((m) => m.id)
        .join(','))
).split(',');
ids.forEach(getMethod); // an unknown id fails here, naming the known ones
const outDir = resolve(opt.out ?? (quick ? join(root, 'bench/.tmp/quality-quick') : resultsDir));
const host = machine(); // the load average at the start

const finetune: FinetuneKind[] =
  opt.finetune === undefined ? [] : opt.finetune === 'semi' ? ['finetune', 'semi'] : opt.finetune === '1' ? ['finetune'] : [];
if (opt.finetune !== undefined && finetune.length === 0) throw new Error(`--finetune: "${opt.finetune}" is not 1 or semi.`);
const tuning: FinetuneSettings = {
  ...finetuneDefaults,
  ...(opt['finetune-steps'] && { steps: numbers(opt['finetune-steps'], 'finetune-steps')[0] }),
  ...(opt['finetune-crop'] && { minCrop: numbers(opt['finetune-crop'], 'finetune-crop')[0] }),
};

const jobs = numbers(opt.jobs!, 'jobs')[0];
if (jobs > 1 && seeds.length > 1) {
  write(await runSeedsInJobs(fileURLToPath(import.meta.url), process.argv.slice(2), seeds, jobs, outDir));
  process.exit(0);
}

await startWasm();

async function startWasm(): Promise<void> {
  registerWasmTrainingKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('The wasm backend did not start.');
}

const labelled = opt.folder
  ? loadFolder(resolve(opt.folder), resolution)
  : loadPackedSample(join(root, 'public/sample'), resolution, quick ? 12 : undefined);
if (!isLabelled(labelled)) throw new Error(`${opt.folder}: no labelled images (put them in one sub-folder per class).`);
const builtInPool = !opt.folder && !quick && opt.pool === undefined;
const pool = builtInPool
  ? loadPackedPool(join(root, 'public/sample'), resolution)
  : opt.pool && opt.pool !== 'none'
    ? loadFolder(resolve(opt.pool), resolution)
    : null;
const set = pool ? withUnlabelled(labelled, pool) : labelled;
const tracked = new TrackedTrainer();
const split = tracked.trainer.setDataset(set, testFraction);

/** The recipe a method runs with: its defaults, the command line's length, then the seed. */
function recipe(id: string, seed: number): TrainConfig {
  const base: TrainConfig = {
    ...recipeConfig(getMethod(id)),
    resolution,
    ...(quick ? { width: 4, depth: 2, batchSize: 8, steps: 40, warmupSteps: 0 } : {}),
  };
  return { ...base, ...(opt.steps ? { steps: Number(opt.steps) } : {}), seed, params: { ...base.params } };
}

/** The steps the app's card resolves `budget` to for this folder, as a first guess (no speed measured yet). */
function budgetSteps(id: string, cfg: TrainConfig, budget: TimeBudget): number {
  if (id === 'random') return cfg.steps;
  const cost = runCost(id as Exclude<MethodId, 'random'>, cfg, { backend: 'wasm', threads: getThreadsCount() }, set.labels.length);
  return resolveBudget({ kind: budget }, cost, split.train, cfg.batchSize).steps;
}

/** Steps that fill `minutes` of training, from the time of 8 steps after 4 warm-up steps. */
async function stepsFor(id: string, cfg: TrainConfig, minutes: number): Promise<number> {
  if (!getMethod(id).trainable) return cfg.steps;
  const { trainer } = tracked;
  const { id: runId } = trainer.start(id, { ...cfg, steps: 1_000_000, checkpointEvery: 1_000_000 });
  const at = async (step: number) => {
    while (tracked.status(runId).step < step && tracked.status(runId).state === 'running') await new Promise((r) => setTimeout(r, 20));
    return performance.now();
  };
  const t0 = await at(4);
  const t1 = await at(12);
  trainer.remove(runId);
  await trainer.idle();
  return Math.max(1, Math.floor((minutes * 60_000) / ((t1 - t0) / 8)));
}

const results: MethodResult[] = [];
for (const id of ids) {
  const method = getMethod(id);
  const result: MethodResult = { id, label: method.label, selfSupervised: !method.needsLabels && method.trainable, config: {}, seeds: [] };
  for (const seed of seeds) {
    let cfg = recipe(id, seed);
    if (opt.minutes) cfg = { ...cfg, steps: await stepsFor(id, cfg, Number(opt.minutes)) };
    if (opt.budget) cfg = { ...cfg, steps: budgetSteps(id, cfg, opt.budget as TimeBudget) };
    const r = await trainAndEvaluate(tracked, id, cfg, marks, finetune, tuning);
    result.seeds.push(r);
    result.config = Object.fromEntries(Object.entries(cfg).filter(([k]) => k !== 'seed'));
    for (const kind of finetune)
      console.log(
        `${id} seed ${seed} ${kind}: ${r[kind]?.map((p) => p.accuracy.toFixed(3)).join('/')} in ${r.finetuneSeconds?.[kind]?.toFixed(0)} s`,
      );
    console.log(
      `${id} seed ${seed}: probe ${r.probe?.toFixed(3)} knn ${r.knn?.toFixed(3)} sweep ${r.sweep.map((p) => p.accuracy.toFixed(3)).join('/')} in ${r.trainSeconds.toFixed(0)} s${r.error ? ` — ${r.error}` : ''}`,
    );
  }
  results.push(result);
}
const scratch: QualityRecord['scratch'] = [];
if (!opt['no-scratch']) {
  for (const seed of seeds) {
    const cfg = recipe('supervised', seed);
    const points = await tracked.trainer.scratchBaseline(
      { ...cfg, steps: Math.max(cfg.steps, finetune.length ? tuning.steps : 0) },
      tuning,
    ); // fine-tuning's recipe, never fewer steps
    scratch.push({ seed, points });
    console.log(`supervised from scratch seed ${seed}: ${points.map((p) => `${p.perClass}: ${p.accuracy.toFixed(3)}`).join(', ')}`);
  }
}
tracked.trainer.dispose();

const unlabelled = set.labels.filter((l) => l < 0).length;
const report: QualityRecord = {
  part: 'quality',
  when: new Date().toISOString(),
  quick,
  machine: { ...host, backend: tf.getBackend(), threads: getThreadsCount() },
  dataset: {
    folder: opt.folder ?? 'the built-in sample (public/sample)',
    pool: builtInPool ? 'the built-in pool (public/sample/pool.*)' : pool ? opt.pool! : null,
    labelled: set.labels.length - unlabelled,
    unlabelled,
    train: split.train,
    test: split.test,
    testFraction: testFraction ?? 0.2,
  },
  budget: opt.minutes
    ? `${opt.minutes} min of training per run (steps from a measured step time)`
    : opt.budget
      ? `the app's ${opt.budget} length for this folder, as its first guess on WASM (${BUDGET_SECONDS[opt.budget as TimeBudget]} s)`
      : opt.steps
        ? `${opt.steps} steps per run`
        : "each method's recipe",
  seeds,
  rows: results,
  scratch,
  ...(finetune.length > 0 && { finetuneSteps: tuning.steps }),
};
write(report);

function write(r: QualityRecord): void {
  writeRecord(outDir, r);
  for (const v of [...verdicts(r), ...finetuneVerdicts(r)])
    console.log(`${v.met === null ? '·' : v.met ? '✓' : '✗'} ${v.target}: ${v.value}`);
  console.log(`wrote ${join(outDir, 'quality.md')}`);
}
