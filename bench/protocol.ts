import type { MethodInfo } from '../src/core/methods/catalog';
import type { BackendName, ThreadRequest } from '../src/worker/contract';

/** The reference network every contender trains: its shapes, shared by tfjs, ConvNetJS and PyTorch (reference.py). */
export const REFERENCE = { resolution: 32, batch: 32, classes: 4, convs: [16, 32, 64], learningRate: 0.01 } as const;

/** The methods' batch at the bench's reference config (32 px, the default encoder: width 16, depth 3). */
export const METHOD_BATCH = 64;

/** The backend whose steps are profiled: kernels time synchronously there, and FLOPs do not depend on the backend. */
export const PROFILED: BackendName = 'wasm';

/** How long one measurement runs: `warmup` untimed steps, then at least `minSteps` and at least `seconds`. */
export interface Budget {
  warmup: number;
  minSteps: number;
  seconds: number;
}

export interface Timing {
  steps: number;
  seconds: number;
  imagesPerSec: number;
}

/** The app's own training path (Trainer → Run) over a timed stretch, and tf.memory() around it. */
export interface TrainerTiming extends Timing {
  tensorsBefore: number;
  tensorsAfter: number;
  events: number; // progress events the Trainer emitted during the stretch (each crosses to the main thread)
}

export interface KernelTime {
  name: string;
  calls: number;
  ms: number;
}

/** One optimizer step under tf.profile: FLOPs of its conv/matmul kernels, and where the time went. */
export interface StepProfile {
  kernels: number;
  flopsPerStep: number;
  totalMs: number;
  top: KernelTime[]; // by time, largest first
}

export interface BackendReport {
  name: string; // the backend that actually started (may differ from the request)
  adapter: string;
  reason: string;
  wasmThreads: number | null;
}

/** What the bench worker says of each method: a slice of its catalog entry (core/methods/catalog's MethodInfo). */
export type BenchMethod = Pick<MethodInfo, 'id' | 'label' | 'trainable'>;

/** The bench worker's API (Comlink): one worker per backend, the app's sample dataset on its device. */
export interface BenchWorkerApi {
  init(backend: BackendName, batchSize: number, threads?: ThreadRequest): Promise<BackendReport>;
  methods(): BenchMethod[];
  trainer(method: string, budget: Budget): Promise<TrainerTiming>;
  bare(method: string, budget: Budget): Promise<Timing>;
  profile(method: string): Promise<StepProfile>;
  matmul(n: number, seconds: number): Promise<{ n: number; gflops: number; reps: number }>;
  reference(budget: Budget, profile?: boolean): Promise<Timing & { profile: StepProfile | null }>;
  memory(): { numTensors: number; numBytes: number };
}

export type { LongTasks } from './longTasks';
