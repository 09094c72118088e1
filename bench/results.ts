import type { BenchRecord } from './record';
import type { Stretch } from './consistency';
import type { QualityPerMinute } from './quality/report';
import type { TrainerTiming, LongTasks, StepProfile, Timing } from './protocol';

/** A reference-network figure: its fastest stretch, and every stretch it was taken from (absent in older results). */
export type ReferenceTiming = Timing & { error?: string; stretches?: Stretch[] };

/** bench/results/suite.json: every figure one `npm run bench -- suite` measured (null where it could not be measured); rows: methods × backends. */
export type SuiteRecord = BenchRecord<'suite', MethodRow, SuiteFigures>;

interface SuiteFigures {
  config: { resolution: number; batchSize: number; width: number; depth: number; budgetMinutes: number };
  backends: BackendResult[];
  /** Reference network (batch 32, SGD) images/s per contender. */
  reference: Record<'pytorch_cpu' | 'convnetjs' | 'wasm' | 'webgl' | 'webgpu' | 'cpu', number | null>;
  referenceDetails: {
    flopsPerStep: { counted: number | null; analytic: number };
    tfjs: Record<string, ReferenceTiming | undefined>;
    wasmOneThread?: ReferenceTiming | null; // tfjs-wasm held to one thread, when the machine runs more
    wasmThreads?: number; // the threads tfjs-wasm's reference figure ran on: all the machine can run
    convnetjs: ReferenceTiming | null;
    pytorch: { threads: number; imagesPerSec: number; steps: number; seconds: number; version: string; stretches?: Stretch[] }[];
    rounds?: number; // alternating rounds of PyTorch, tfjs-wasm and ConvNetJS
    pytorchUnavailable: string | null;
    profile?: StepProfile | null; // one tfjs-wasm step of the reference network under tf.profile
  };
  app: { firstStep: FirstStep[]; ingest: Ingest | null };
  quality?: QualityPerMinute | null; // from bench/results/quality.json (npm run quality), when present
  profile: (StepProfile & { backend: string; method: string }) | null;
  errors: string[];
}

export interface BackendResult {
  requested: string;
  name: string | null; // what started (null when nothing did)
  adapter: string;
  reason: string;
  wasmThreads: number | null; // every thread WASM can run here: the reference config's
  available: boolean;
  matmul: { n: number; gflops: number } | null;
  budget: { trainer: string; bare: string };
  error?: string;
}

export interface MethodRow {
  backend: string;
  method: string;
  label: string;
  trainable: boolean;
  trainer: TrainerTiming | null;
  bare: Timing | null;
  overheadRatio: number | null; // trainer images/s ÷ bare images/s
  rounds?: number; // alternating Trainer/bare stretches measured; trainer and bare hold the fastest of each
  trainerStretches?: Stretch[]; // every Trainer stretch (for the consistency checks)
  bareStretches?: Stretch[];
  flopsPerStep: number | null; // conv + matmul FLOPs of one optimizer step (tf.profile shapes)
  modelGflops: number | null; // flopsPerStep × steps/s
  utilization: number | null; // modelGflops ÷ the backend's matmul GFLOP/s
  leakedPer100: number | null; // tensors gained per 100 steps of the Trainer
  longTasks: LongTasks | null; // on the bench page's main thread while the Trainer trained
  skipped?: string;
  error?: string;
}

export interface FirstStep {
  backend: string;
  runSteps: number; // the run's length: 1 times startup + one step; longer runs show step 1 after the Trainer's first slice
  clickToFirstStepMs: number | null;
  trainedSteps: number;
  trainSeconds: number;
  imagesPerSec: number | null; // the app's own figure in its status
  threads: number | null; // the app's WASM threads (its default: every core but one)
  longTasks: LongTasks | null; // on the app's main thread, from the click until the last step
  error?: string;
}

export interface Ingest {
  images: number;
  accepted: number;
  seconds: number;
  imagesPerSec: number;
  longTasks: LongTasks;
}
