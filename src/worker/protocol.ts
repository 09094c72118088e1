import type { BackendName, BackendRequest, ThreadRequest, WasmThreads } from '../core/backend/decide';
import type { TrainConfig } from '../core/config';
import type { ImageSet } from '../core/data/imageSet';
import type { MethodId } from '../core/methods/catalog';
import type { Visualization } from '../core/methods/visualization';
import type { TrainerEvent } from '../core/train/types';
import type { Checkpoint, Classification, ClassifierKind, RunEvaluation, RunStatus } from '../core/train/types';
import type { ExportableRun } from '../export/fromRun';

export type { BackendName, BackendRequest, ThreadRequest, WasmThreads } from '../core/backend/decide';

/** The active backend as the badge and window.pretext.status() show it. */
export interface BackendStatus {
  name: BackendName;
  adapter: string; // e.g. "swiftshader (software)", "NVIDIA …", "2 threads, SIMD"
  reason: string; // why it was chosen, in words
  threads: WasmThreads | null; // WASM's threads (asked for, used, the most that can run); null on the other backends
}

export interface MemoryStatus {
  numBytes: number;
  numTensors: number;
  runs: number; // runs the worker holds (their weights and optimizer state are among the tensors)
  dataset: boolean; // the worker holds a dataset on the device
}

/**
 * Events the worker pushes to the main thread (≤ ~10 per second per run). 'deviceLost': the WebGPU device
 * is gone (the worker must be replaced); 'crash' comes from the client when the worker itself failed.
 */
export type WorkerEvent =
  | TrainerEvent
  | { type: 'memory'; memory: MemoryStatus }
  | { type: 'error'; message: string }
  | { type: 'deviceLost'; message: string }
  | { type: 'crash'; message: string };

/** The training worker's API, called over Comlink. */
export interface TrainingApi {
  init(request: BackendRequest, threads: ThreadRequest, onEvent: (e: WorkerEvent) => void): Promise<BackendStatus>;
  /** The pixels are transferred in and transferred back once they are on the device (no copies). */
  setDataset(set: ImageSet): Promise<{ split: { train: number; test: number }; pixels: Uint8Array }>;
  /** The current dataset followed by unlabelled images (they join the train split; runs keep going). Pixels as above. */
  extendDataset(set: ImageSet): Promise<{ split: { train: number; test: number }; pixels: Uint8Array }>;
  /** `id` must be unique (the main thread picks it so ids never collide with saved runs). */
  start(method: MethodId, cfg: TrainConfig, id?: string): Promise<RunStatus>;
  /** Recreate a saved run from its last checkpoint (weights transferred in); `resume` continues it. */
  restore(status: RunStatus, checkpoint: Checkpoint | null): Promise<RunStatus>;
  /** Pause every live run and checkpoint it at its step (before the dataset or the backend goes); weights transferred out. */
  suspend(): Promise<{ status: RunStatus; checkpoint: Checkpoint }[]>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  visualize(id: string): Promise<Visualization>;
  /** Linear probe + kNN + projection (+ label sweep) of the run's frozen encoder, now. */
  evaluate(id: string): Promise<RunEvaluation>;
  /** The run's weights now, its method's state and (`classifier`) its linear probe, for the exports; weights transferred out. */
  exportable(id: string, classifier: boolean): Promise<ExportableRun>;
  /** Supervised from scratch on each label budget (the compare view's reference line); streams 'baseline' events. */
  scratchBaseline(cfg: TrainConfig): Promise<void>;
  /** Fine-tune the run at every label budget (`semi`: with the unlabelled images too; `steps` per budget, default the app's); streams 'finetune' events. */
  finetune(id: string, kind: Exclude<ClassifierKind, 'probe'>, steps?: number): Promise<void>;
  /** Class probabilities of `count` images (RGB bytes at the dataset's resolution) from one of the run's classifiers. */
  classify(id: string, kind: ClassifierKind, pixels: Uint8Array, count: number): Promise<Classification>;
  memory(): Promise<MemoryStatus>;
  /** Debug only (`?debug=1`): throw an uncaught error in the worker, as a crash would. */
  crash(): Promise<void>;
  /** Debug only: destroy the WebGPU device (false when the backend is not WebGPU). */
  loseDevice(): Promise<boolean>;
  /** Debug only: make the WASM module abort at its next kernel, as a failed allocation does (false when not on WASM). */
  abortWasm(): Promise<boolean>;
}
