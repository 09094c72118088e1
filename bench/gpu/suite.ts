// The measurements of the GPU benchmark, on whatever tfjs backend is active: matmul, the reference network, every
// registered method through the app's Run, a WebGPU-against-CPU agreement check, and the design notes' traps.
import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../src/core/config';
import { methods } from '../../src/core/methods/registry';
import type { Method } from '../../src/core/methods/types';
import type { TrainingData } from '../../src/core/train/trainingData';
import { memoryRefusal, type MemoryBudget } from '../../src/core/train/memory';
import { Run } from '../../src/core/train/run';
import { matmulGflops, timeLoop } from '../measure';
import type { Budget, Timing } from '../protocol';
import { REFERENCE } from '../protocol';
import { referenceTrainer } from '../referenceNet';
import type { AgreementCheck, MatmulFigure, MethodFigure, RunTiming, TrapCheck } from './results';

const elapsed = (t0: number) => (performance.now() - t0) / 1000;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const trainable = (): Method[] => methods.filter((m) => m.trainable);

/** Rejects after `seconds`: a GPU queue that never answers (an invalid pipeline can do that) must not hang the run. */
export async function within<T>(seconds: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${seconds} s`)), seconds * 1000)),
  );
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

export async function matmuls(sizes: number[], seconds: number): Promise<MatmulFigure[]> {
  const out: MatmulFigure[] = [];
  for (const n of sizes) out.push(await matmulGflops(n, seconds));
  return out;
}

export async function reference(data: TrainingData, seed: number, budget: Budget): Promise<Timing> {
  const trainer = referenceTrainer(data, seed);
  try {
    return await timeLoop(trainer.step, budget, REFERENCE.batch);
  } finally {
    trainer.dispose();
  }
}

/**
 * The app's Run as the Trainer drives it (enqueue a step, read back what is READBACK_LAG behind): `budget.warmup`
 * settled steps (shaders compile), then the timed stretch, settled before the clock stops.
 */
export async function timeRun(run: Run, budget: Budget): Promise<RunTiming> {
  for (let i = 0; i < budget.warmup; i++) {
    run.trainStep();
    await run.drain();
  }
  await run.drain(true);
  const t0 = performance.now();
  let steps = 0,
    hostMs = 0;
  while (steps < budget.minSteps || elapsed(t0) < budget.seconds) {
    const h0 = performance.now();
    run.trainStep();
    hostMs += performance.now() - h0;
    steps++;
    await run.drain();
  }
  await run.drain(true);
  const seconds = elapsed(t0);
  return { steps, seconds, imagesPerSec: (steps * run.cfg.batchSize) / seconds, hostMsPerStep: hostMs / steps };
}

/** What the bench reads of the WebGPU device tfjs made (standard WebGPU): its limits and error scopes. */
interface GpuDevice {
  limits: { maxStorageBuffersPerShaderStage: number; maxBufferSize: number; maxStorageBufferBindingSize: number };
  pushErrorScope(filter: 'validation' | 'out-of-memory'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}
/** The active backend's WebGPU device; undefined on another backend. */
export const gpuDevice = (): GpuDevice | undefined =>
  tf.getBackend() === 'webgpu' ? (tf.backend() as unknown as { device: GpuDevice }).device : undefined;

/**
 * `work`, with the WebGPU errors it raised: an invalid pipeline or buffer only prints a warning and skips the submission,
 * so a step can "run" fast while computing nothing. Resolves to the first validation or out-of-memory error, or null.
 */
export async function withGpuErrors<T>(work: () => Promise<T>): Promise<{ value: T; gpuError: string | null }> {
  const device = gpuDevice();
  device?.pushErrorScope('validation');
  device?.pushErrorScope('out-of-memory');
  let value: T;
  let popped: ({ message: string } | null)[] = [];
  try {
    value = await work();
  } finally {
    // Popped even when work() throws: an unbalanced scope would catch the next method's errors.
    if (device) popped = [await device.popErrorScope(), await device.popErrorScope()];
  }
  const first = popped.find((e) => e);
  return { value, gpuError: first ? `WebGPU error: ${first.message.split('\n')[0]}` : null };
}

/**
 * Every registered method at `cfg`, one after another, each within `limit` s; tensors counted around each Run's life.
 * A method the app would refuse at `memory` (src/core/train/memory.ts) is named with the app's message, not trained.
 */
export async function methodFigures(
  data: TrainingData,
  cfg: TrainConfig,
  budget: Budget,
  limit: number,
  memory: MemoryBudget,
): Promise<MethodFigure[]> {
  const out: MethodFigure[] = [];
  for (const m of methods) {
    const tensorsBefore = tf.memory().numTensors;
    let timing: RunTiming | null = null,
      error: string | undefined = m.trainable ? undefined : 'not trainable (random init)';
    if (m.trainable) {
      let run: Run | null = null;
      try {
        process.stderr.write(`method ${m.id}, batch ${cfg.batchSize}…\n`);
        run = new Run(m, cfg, data);
        const refused = memoryRefusal(
          m.id,
          cfg,
          run.model.variables.map((v) => v.size),
          memory,
          tf.memory().numBytes,
        );
        if (refused) throw new Error(`refused by the app: ${refused}`);
        const timed = await withGpuErrors(() => within(limit, timeRun(run!, budget)));
        if (timed.gpuError) throw new Error(timed.gpuError);
        timing = timed.value;
      } catch (e) {
        error = message(e);
      } finally {
        run?.dispose();
      }
    }
    out.push({
      id: m.id,
      label: m.label,
      batch: cfg.batchSize,
      timing,
      tensorsBefore,
      tensorsAfter: tf.memory().numTensors,
      ...(error ? { error } : {}),
    });
  }
  return out;
}

/** The losses of a method's first `steps` steps through Run (each step's loss is taken before its update). */
export async function firstLosses(method: Method, cfg: TrainConfig, data: TrainingData, steps: number): Promise<number[]> {
  const run = new Run(method, cfg, data);
  try {
    for (let i = 0; i < steps; i++) run.trainStep();
    return (await run.drain(true)).map((p) => p.loss);
  } finally {
    run.dispose();
  }
}

export function agreement(id: string, cpuLosses: number[], gpuLosses: number[]): AgreementCheck {
  const rel = cpuLosses.map((c, i) => Math.abs(c - (gpuLosses[i] ?? NaN)) / Math.max(1e-6, Math.abs(c)));
  const maxRelDiff = rel.length === gpuLosses.length ? Math.max(...rel) : NaN;
  return { id, cpuLosses, gpuLosses, maxRelDiff: Number.isNaN(maxRelDiff) ? Infinity : maxRelDiff };
}

/** tf.fill values 1…n, on the device (256 values: above the size tfjs-webgpu forwards to the CPU). */
const filled = (n: number) => Array.from({ length: n }, (_, i) => tf.fill([256], i + 1));
const first = async (t: tf.Tensor) => (await t.data())[0];
const triangle = (n: number) => (n * (n + 1)) / 2;

/** addN of 8 inputs, settled first so only the sum itself can go wrong; one at a time: a failing addN takes down whatever is submitted with it. */
async function addNTrap(): Promise<TrapCheck> {
  const xs = filled(8);
  await Promise.all(xs.map((x) => x.data()));
  const values: { value: number; gpuError: string | null }[] = [];
  for (const sum of [() => tf.addN(xs), () => tf.addN(xs.slice(0, 7)), () => tf.tidy(() => tf.sum(tf.stack(xs), 0))]) {
    values.push(
      await withGpuErrors(async () => {
        const t = sum();
        try {
          return await first(t);
        } finally {
          t.dispose();
        }
      }),
    );
  }
  tf.dispose(xs);
  const [eight, seven, stacked] = values.map((v) => v.value);
  return {
    trap: 'tf.addN with 8 or more inputs returns wrong values (sum in chunks of ≤ 7, or tf.sum(tf.stack(...)))',
    observed: `addN of 8 gave ${eight} (expected ${triangle(8)}; ${values[0].gpuError ?? 'no WebGPU error'}); addN of 7 gave ${seven} (expected ${triangle(7)}); sum of stack gave ${stacked}`,
    reproduced: eight !== triangle(8),
    workaroundHolds: seven === triangle(7) && stacked === triangle(8),
  };
}

/** The same, with inputs still queued: the failing submission takes the work batched with it. */
async function addNLostTrap(): Promise<TrapCheck> {
  const ys = filled(8);
  const lost = tf.addN(ys);
  await lost.data();
  const y0 = await first(ys[0]);
  tf.dispose([...ys, lost]);
  return {
    trap: 'addN of ≥ 8 also loses the other work submitted with it (here: the kernels that filled its inputs)',
    observed: `an input of the failed addN read back ${y0} (expected 1)`,
    reproduced: y0 !== 1,
    workaroundHolds: null,
  };
}

/** dataSync of a tensor that lives on the GPU (a matMul result: never forwarded to the CPU). */
async function dataSyncTrap(): Promise<TrapCheck> {
  const a = tf.ones([64, 64]) as tf.Tensor2D;
  const product = tf.matMul(a, a);
  let observed: string, reproduced: boolean;
  try {
    const v = product.dataSync()[0];
    observed = `dataSync returned ${v} (expected 64)`;
    reproduced = v !== 64;
  } catch (e) {
    observed = `dataSync threw: ${message(e)}`;
    reproduced = true;
  }
  const again = tf.matMul(a, a);
  const after = await first(again).catch((e: unknown) => `error: ${message(e)}`);
  tf.dispose([a, product, again]);
  return {
    trap: 'dataSync/arraySync on WebGPU: zeros on SwiftShader in Chromium, and the device breaks (only ever await data())',
    observed: `${observed}; then await data() of a new product gave ${after}`,
    reproduced: reproduced || after !== 64,
    workaroundHolds: after === 64,
  };
}

/**
 * An int32 sum over an outer axis of a large tensor (softEncode's oneHot count in data/lab.ts) transposes the int32
 * input first, in a shader that does not compile; even tf.cast(…, 'float32') of it reads the int32 buffer.
 */
async function int32SumTrap(): Promise<TrapCheck> {
  const idx = tf.tidy(() => tf.cast(tf.mod(tf.range(0, 512 * 5), 313), 'int32').reshape([512, 5]) as tf.Tensor2D);
  await idx.data(); // settled: only the sums below may fail
  const count = async (dtype: 'int32' | 'float32') => {
    const summed = tf.tidy(() => tf.sum(tf.sum(tf.oneHot(idx, 313, 1, 0, dtype), 1)));
    const v = await within(60, first(summed)).catch((e: unknown) => `error: ${message(e)}`);
    summed.dispose();
    return v;
  };
  const [asInt, asFloat] = [await count('int32'), await count('float32')];
  idx.dispose();
  return {
    trap: 'tf.sum of an int32 tensor over an outer axis (tf.sum(tf.oneHot(i, n), 1), large): invalid WGSL, wrong values; a tf.cast to float32 does not help (tf.oneHot(i, n, 1, 0, "float32") does)',
    observed: `int32 one-hot counts summed to ${asInt}, float32 ones to ${asFloat} (expected ${512 * 5})`,
    reproduced: asInt !== 512 * 5,
    workaroundHolds: asFloat === 512 * 5,
  };
}

/**
 * The WebGPU traps of the design notes, tried on the active backend, one after the other. Run these last: a failing
 * submission or a synchronous read can leave the device unusable.
 */
export async function traps(): Promise<TrapCheck[]> {
  const out: TrapCheck[] = [];
  for (const trap of [addNTrap, addNLostTrap, dataSyncTrap, int32SumTrap]) out.push(await trap());
  return out;
}
