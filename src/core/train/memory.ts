import type { BackendName } from '../backend/decide';
import type { TrainConfig } from '../config';
import { catalog, type MethodId } from '../methods/catalog';
import { getMethod } from '../methods/registry';
import { PER_INPUT } from '../methods/stepLoad';
import { encoderSizes, probeDim } from '../models/shapes';

/**
 * How much memory one training step needs, estimated from the settings before a run starts, so a run that cannot
 * fit the backend is refused with the setting to lower instead of crashing it. Each method says what its step holds
 * beyond the batch (its `stepLoad`, in methods/<id>/index.ts). The counts of live tensors, here and there, were fitted
 * to tf.profile peaks of real steps of every method (tfjs' CPU backend, 16 and 32 px, batch 4–16, width 4–8,
 * depth 2–3: the estimate came out 1.11–1.40× the measured peak; memory.test.ts keeps it in 1–1.6×).
 */

const F32 = 4; // bytes per float32
/** Float tensors the size of an encoder activation alive at a step's peak, per stage: forward values kept for the gradient, and the gradients. */
const PER_ACTIVATION = 13;
/** Per image and channel of every stage: the group norm's statistics and their gradients ([B, 1, 1, C] each; they count at small sides). */
const PER_CHANNEL = 12;
/** Floats per trainable weight at the peak: its gradient, Adam's moments and their updated values, the decayed weight. */
const PER_WEIGHT = 6;

/** One step's memory: its peak and its largest single tensor (a GPU buffer must hold it), in bytes. */
export interface StepMemory {
  bytes: number;
  largest: number;
}

/**
 * The estimated peak and largest tensor of one training step of `method` with `cfg`, for a model whose trainable
 * variables have `weights` floats each (0 for a method that never steps).
 */
export function stepMemory(method: MethodId, cfg: TrainConfig, weights: readonly number[] = []): StepMemory {
  const m = getMethod(method);
  if (!m.trainable) return { bytes: 0, largest: 0 };
  const { encoded, extra } = m.stepLoad(cfg);
  const batch = cfg.batchSize * cfg.resolution * cfg.resolution * 3; // the gathered batch and its augmented copies
  let floats = PER_INPUT * batch + PER_WEIGHT * weights.reduce((a, b) => a + b, 0);
  let largest = Math.max(batch, ...weights);
  for (const e of extra) {
    floats += e.copies * e.floats;
    largest = Math.max(largest, e.floats);
  }
  for (const p of encoded) {
    const sizes = encoderSizes(p.side, cfg.depth);
    const activations = sizes.reduce((sum, s, stage) => sum + s * s * cfg.width * 2 ** stage, 0);
    const channels = probeDim(cfg); // every stage's channels
    floats += p.images * (p.copies * p.side * p.side * p.channels + PER_ACTIVATION * activations + PER_CHANNEL * channels);
    largest = Math.max(largest, p.images * sizes[0] * sizes[0] * cfg.width); // the first stage's output
  }
  return { bytes: F32 * floats, largest: F32 * largest };
}

/** What a backend can hold: all its tensors together, and one tensor (a GPU buffer must hold it whole). */
export interface MemoryBudget {
  backend: BackendName;
  bytes: number;
  largest: number;
}

/**
 * Per backend, the memory a step may use with everything already allocated. WASM: tfjs-wasm's heap is one 32-bit
 * WebAssembly memory, at most 4 GiB, and growing it beyond about 2 GB fails on many systems (then the module
 * aborts); WebGPU and WebGL: browsers do not say how much GPU memory there is; CPU: plain typed arrays in the worker.
 */
export const BUDGETS: Record<BackendName, number> = { wasm: 2e9, webgpu: 2e9, webgl: 1e9, cpu: 1e9 };

/** The budget of a backend; `maxBuffer` is WebGPU's largest storage buffer (the adapter's limits). */
export function memoryBudget(backend: BackendName, maxBuffer = Infinity): MemoryBudget {
  return { backend, bytes: BUDGETS[backend], largest: maxBuffer };
}

/** WebGPU's largest tensor: a buffer bound whole to one storage binding, within both of the device's limits. */
export const largestGpuBuffer = (limits: { maxBufferSize: number; maxStorageBufferBindingSize: number }) =>
  Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);

/** 1.3 GB, 240 MB. */
export const formatBytes = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(b / 1e6))} MB`);

/**
 * Why a step of `method` with `cfg` (and a model of `weights`, see stepMemory) cannot fit the backend with `inUse` bytes already
 * allocated, naming the settings to lower and the largest batch that fits; null when it fits.
 */
export function memoryRefusal(
  method: MethodId,
  cfg: TrainConfig,
  weights: readonly number[],
  budget: MemoryBudget,
  inUse: number,
): string | null {
  const fits = (batchSize: number) => {
    const m = stepMemory(method, { ...cfg, batchSize }, weights);
    return inUse + m.bytes <= budget.bytes && m.largest <= budget.largest;
  };
  if (fits(cfg.batchSize)) return null;
  let lo = 0; // the largest batch known to fit (0: none)
  for (let hi = cfg.batchSize; hi - lo > 1;) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  const need = stepMemory(method, cfg, weights);
  const name = budget.backend.toUpperCase();
  const what =
    need.largest > budget.largest
      ? `its largest tensor (${formatBytes(need.largest)}) is more than one ${name} buffer can hold (${formatBytes(budget.largest)})`
      : `more than the ${name} backend can hold (${formatBytes(budget.bytes)}, ${formatBytes(inUse)} of it in use)`;
  const batch =
    lo > 0 ? `now ${cfg.batchSize}; at most about ${lo.toLocaleString('en-US')} fit` : `now ${cfg.batchSize}; even 1 does not fit`;
  return (
    `${catalog[method].label} needs about ${formatBytes(need.bytes)} per step at batch ${cfg.batchSize}, ${cfg.resolution} px, width ${cfg.width} and depth ${cfg.depth}: ${what}. ` +
    `Lower the batch size (${batch}), the encoder width (now ${cfg.width}) or the resolution (now ${cfg.resolution} px).`
  );
}
