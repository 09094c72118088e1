import type { TrainConfig } from '../config';
import { errorMessage } from '../errors';
import type { Checkpoint, CurvePoint } from './types';

/** How backends word an allocation failure (WebGPU, WebGL, WASM, the CPU's RangeError). */
const OUT_OF_MEMORY = /out of memory|OOM|failed to allocate|allocation failed|Array buffer allocation|Invalid typed array length/i;

/**
 * A failure that leaves the backend unusable: the WASM module aborted ("Aborted()", what tfjs-wasm does when an
 * allocation fails) or trapped (e.g. "memory access out of bounds"). Nothing trains on it again: it is replaced.
 */
export function isBackendFailure(err: unknown): boolean {
  return typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError;
}

/** A failed run's message: what went wrong, and for running out of memory, which setting to lower. */
export function failureMessage(err: unknown, cfg: TrainConfig): string {
  const msg = errorMessage(err);
  return OUT_OF_MEMORY.test(msg)
    ? `The device ran out of memory (${msg}). Lower the batch size (now ${cfg.batchSize}), the encoder width (now ${cfg.width}) or the resolution (now ${cfg.resolution} px).`
    : msg;
}

/** The NaN/Inf guard on the curve: throws for a point whose loss is not finite. */
export function checkLoss(p: CurvePoint, cfg: TrainConfig): void {
  if (!Number.isFinite(p.loss)) throw diverged(`The loss became ${p.loss} at step ${p.step}`, cfg.learningRate);
}

/** The NaN/Inf guard on the weights, before a checkpoint is kept: the bad state is never checkpointed. */
export function checkWeights(cp: Checkpoint, cfg: TrainConfig): void {
  if (Object.values(cp.weights).some((w) => !w.values.every(Number.isFinite))) {
    throw diverged(`The weights became NaN or infinite by step ${cp.step}`, cfg.learningRate);
  }
}

/** What happened and what to change. */
function diverged(what: string, learningRate: number): Error {
  return new Error(`${what}. Training diverged: lower the learning rate (now ${learningRate}) and start again from the last checkpoint.`);
}
