// The GPU benchmark: tfjs-backend-webgpu on Dawn in Node, no browser. Run from the repo with
// `npm run bench -- gpu [--smoke]`, or packed (`npm run bench -- gpu-pack`) as bench/.tmp/gpu/run.sh on a GPU machine.
// Options: --out DIR (gpu.json, gpu.md), --smoke (tiny shapes, a step or two), --seconds N (timed per
// measurement), --peak-gflops N (the GPU's FP32 peak, for the matmul's share), --sample DIR (meta.json + pixels.bin),
// --stages a,b (a subset of STAGES, in their order), --batches 64,256 (the methods' batch sizes; default 64).
// Results are written after every stage, so a run cut short still leaves what it measured.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { defaultConfig, type TrainConfig } from '../../src/core/config';
import type { ImageSet } from '../../src/core/data/imageSet';
import { largestGpuBuffer, memoryBudget } from '../../src/core/train/memory';
import { Trainer } from '../../src/core/train/trainer';
import { sampleFromPacked, type SampleMeta } from '../../src/ingest/sample';
import { METHOD_BATCH, type Budget } from '../protocol';
import { installDawn } from './dawn';
import { kernelChecks, kernelTimings, timedShapes } from './kernels';
import { machine } from '../record';
import { renderRecord, writeRecord } from '../render';
import type { GpuRecord } from './results';
import { agreement, firstLosses, gpuDevice, matmuls, methodFigures, reference, trainable, traps, within } from './suite';

/** What a run measures, in this order. `traps` goes last: it can leave the device unusable. */
export const STAGES = ['matmul', 'kernels', 'reference', 'methods', 'agreement', 'traps'] as const;
export type Stage = (typeof STAGES)[number];

export interface GpuBenchOptions {
  out: string;
  stages: Stage[];
  smoke: boolean;
  seconds: number;
  peakGflops: number | null;
  sample: string;
  batches: number[]; // the methods' batch sizes, each a full pass over the methods (smoke: the small config's)
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The sample beside the packed bundle, else the repo's own (when run through tsx from bench/gpu/). */
const defaultSample = () =>
  [path.join(here, 'sample'), path.join(here, '../../public/sample')].find((d) => existsSync(path.join(d, 'meta.json'))) ?? 'sample';

export function parseArgs(argv: string[]): GpuBenchOptions {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const valued = ['--out', '--seconds', '--peak-gflops', '--sample', '--stages', '--batches'];
  const unknown = argv.filter((a, i) => a.startsWith('--') && a !== '--smoke' && !valued.includes(a) && !valued.includes(argv[i - 1]));
  if (unknown.length)
    throw new Error(
      `Unknown option(s): ${unknown.join(' ')}. Use --out DIR, --smoke, --seconds N, --peak-gflops N, --sample DIR, --stages a,b, --batches a,b.`,
    );
  const smoke = argv.includes('--smoke');
  const seconds = Number(value('seconds') ?? (smoke ? 0 : 5));
  const peak = value('peak-gflops');
  if (!(seconds >= 0) || (peak !== undefined && !(Number(peak) > 0))) throw new Error('--seconds must be ≥ 0 and --peak-gflops > 0.');
  const asked = (value('stages') ?? STAGES.join(',')).split(',');
  const bad = asked.filter((s) => !(STAGES as readonly string[]).includes(s));
  if (bad.length) throw new Error(`Unknown stage(s): ${bad.join(', ')}. Stages: ${STAGES.join(', ')}.`);
  const stages = STAGES.filter((s) => asked.includes(s));
  const batches = (value('batches') ?? String(smoke ? small.batchSize : METHOD_BATCH)).split(',').map(Number);
  if (!batches.every((b) => Number.isInteger(b) && b >= 2))
    throw new Error(`--batches must be whole numbers ≥ 2, e.g. 64,256 (got ${value('batches')}).`);
  return {
    out: value('out') ?? 'results',
    stages,
    smoke,
    seconds,
    peakGflops: peak === undefined ? null : Number(peak),
    sample: value('sample') ?? defaultSample(),
    batches,
  };
}

function loadSet(dir: string): ImageSet {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as SampleMeta;
  return sampleFromPacked(meta, new Uint8Array(readFileSync(path.join(dir, 'pixels.bin'))), meta.resolution);
}

/** The agreement check's config: small, so the CPU backend computes its side in seconds. */
const small: TrainConfig = { ...defaultConfig, batchSize: 8, width: 4, depth: 2, steps: 1_000_000 };
const AGREEMENT_STEPS = 3;

/** The CPU side of the agreement check, run first: no WebGPU tensor may be alive when the backend switches (tfjs would read it back synchronously). */
async function cpuLosses(set: ImageSet): Promise<Map<string, number[]>> {
  const losses = new Map<string, number[]>();
  await tf.setBackend('cpu');
  const cpuTrainer = new Trainer(() => {});
  cpuTrainer.setDataset(set);
  for (const m of trainable()) losses.set(m.id, await firstLosses(m, small, cpuTrainer.trainingData!, AGREEMENT_STEPS));
  cpuTrainer.dispose();
  return losses;
}

/** Dawn, then the backend as the app starts it (src/core/backend/select.ts): tfjs-webgpu with our kernels over some of its own. The reason when it did not start. */
async function startWebGpu(r: GpuRecord): Promise<string | null> {
  r.adapter = await installDawn();
  if (!r.adapter) return 'Dawn found no WebGPU adapter (is a Vulkan loader, libvulkan.so.1, and a driver there?)';
  (await import('../../kernels/webgpu/webgpuKernels')).registerWebGpuTrainingKernels();
  // setBackend resolves false, and tfjs keeps another backend, when the webgpu backend fails to start.
  const started = await tf.setBackend('webgpu');
  r.backend = tf.getBackend();
  if (!started || r.backend !== 'webgpu') return `tf.setBackend('webgpu') resolved ${started}; the backend is ${r.backend}`;
  r.gpuFigures = !r.adapter.software;
  r.deviceStorageBuffers = gpuDevice()!.limits.maxStorageBuffersPerShaderStage;
  return null;
}

/** The GPU's own description (name, max SM clock, memory, driver), when the NVIDIA tools are there. */
function nvidiaSmi(): string | undefined {
  try {
    return (
      execFileSync('nvidia-smi', ['--query-gpu=name,clocks.max.sm,memory.total,driver_version', '--format=csv,noheader'], {
        encoding: 'utf8',
      }).trim() || undefined
    );
  } catch {
    return undefined; // no NVIDIA tools here
  }
}

export async function runGpuBench(opts: GpuBenchOptions): Promise<GpuRecord> {
  // The bench's reference config (README: 32 px, the default encoder) at each of opts.batches; smoke: the small one.
  const cfg: TrainConfig = opts.smoke ? small : { ...defaultConfig, steps: 1_000_000 };
  const budget: Budget = opts.smoke
    ? { warmup: 1, minSteps: 2, seconds: opts.seconds }
    : { warmup: 5, minSteps: 10, seconds: opts.seconds };
  const r: GpuRecord = {
    part: 'gpu',
    when: new Date().toISOString(),
    quick: opts.smoke,
    machine: machine({ gpu: nvidiaSmi() }),
    adapter: null,
    backend: null,
    gpuFigures: false,
    deviceStorageBuffers: null,
    peakGflops: opts.peakGflops,
    config: { batches: opts.batches, width: cfg.width, depth: cfg.depth, resolution: cfg.resolution, seconds: opts.seconds },
    matmul: [],
    kernels: [],
    kernelTimings: [],
    reference: null,
    rows: [],
    agreement: [],
    traps: [],
    errors: [],
  };
  const save = () => writeRecord(opts.out, r);
  const stage = async (name: Stage, body: () => Promise<void>) => {
    if (!opts.stages.includes(name)) return;
    process.stderr.write(`${name}…\n`);
    try {
      await body();
    } catch (e) {
      r.errors.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    save();
  };
  const set = loadSet(opts.sample);
  // Per method: warm-up (shader compilation) and the timed stretch, with room; smoke runs on software adapters.
  const limit = opts.smoke ? 300 : 120 + 4 * opts.seconds;

  const cpu = opts.stages.includes('agreement') ? await cpuLosses(set) : new Map<string, number[]>();
  const failed = await startWebGpu(r);
  if (failed) r.errors.push(failed);
  save();
  if (failed) return r;
  const memory = memoryBudget('webgpu', largestGpuBuffer(gpuDevice()!.limits)); // the app's rule (src/worker/trainerEnd.ts)
  const trainer = new Trainer(() => {});
  trainer.setDataset(set);
  const data = trainer.trainingData!;
  await stage('matmul', async () => {
    r.matmul = await matmuls(opts.smoke ? [64, 256] : [1024, 4096], opts.seconds);
  });
  await stage('kernels', async () => {
    r.kernels = await kernelChecks();
    if (!opts.smoke) r.kernelTimings = await kernelTimings(opts.batches.flatMap(timedShapes), 5);
  });
  await stage('reference', async () => {
    r.reference = await within(limit, reference(data, cfg.seed, opts.smoke ? { ...budget, minSteps: 1 } : budget));
  });
  await stage('methods', async () => {
    for (const batchSize of opts.batches) r.rows.push(...(await methodFigures(data, { ...cfg, batchSize }, budget, limit, memory)));
  });
  await stage('agreement', async () => {
    for (const m of trainable()) {
      const gpu = await within(limit, firstLosses(m, small, data, AGREEMENT_STEPS)).catch((e: unknown) => {
        r.errors.push(`agreement, ${m.id}: ${e instanceof Error ? e.message : String(e)}`);
        return [];
      });
      r.agreement.push(agreement(m.id, cpu.get(m.id)!, gpu));
    }
  });
  trainer.dispose();
  await stage('traps', async () => {
    r.traps = await traps();
  });
  return r;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let code: number;
  try {
    const opts = parseArgs(process.argv.slice(2));
    const r = await runGpuBench(opts);
    process.stdout.write(renderRecord(r));
    process.stdout.write(`\nWritten: ${path.join(opts.out, 'gpu.json')}, ${path.join(opts.out, 'gpu.md')}\n`);
    code = r.backend === 'webgpu' ? 0 : 3;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    code = 2;
  }
  // Dawn's instance keeps the event loop alive: leave explicitly.
  process.exit(code);
}
