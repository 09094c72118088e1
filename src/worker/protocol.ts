import type { TrainConfig } from '../core/config';
import type { ImageSet } from '../core/data/imageSet';
import type { MethodId } from '../core/methods/types';
import type { Visualization } from '../core/methods/visualization';
import type { LabEvent } from '../core/train/lab';
import type { RunEvaluation, RunStatus } from '../core/train/types';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendRequest = BackendName | 'auto';

/** The active backend as the badge and window.pretext.status() show it. */
export interface BackendStatus {
  name: BackendName;
  adapter: string; // e.g. "swiftshader (software)", "NVIDIA …", "2 threads, SIMD"
  reason: string; // why it was chosen, in words
}

export interface MemoryStatus {
  numBytes: number;
  numTensors: number;
}

/** Events the worker pushes to the main thread (≤ ~10 per second per run). */
export type WorkerEvent = LabEvent | { type: 'memory'; memory: MemoryStatus } | { type: 'error'; message: string };

/** The training worker's API, called over Comlink. */
export interface TrainingApi {
  init(request: BackendRequest, onEvent: (e: WorkerEvent) => void): Promise<BackendStatus>;
  /** The pixels are transferred in and transferred back once they are on the device (no copies). */
  setDataset(set: ImageSet): Promise<{ split: { train: number; test: number }; pixels: Uint8Array }>;
  start(method: MethodId, cfg: TrainConfig): Promise<RunStatus>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  visualize(id: string): Promise<Visualization>;
  /** Linear probe + kNN + projection (+ label sweep) of the run's frozen encoder, now. */
  evaluate(id: string): Promise<RunEvaluation>;
  /** Supervised from scratch on each label budget (the compare view's reference line); streams 'baseline' events. */
  scratchBaseline(cfg: TrainConfig): Promise<void>;
  memory(): Promise<MemoryStatus>;
}
