import type { BackendName, BackendRequest, ThreadRequest, WasmThreads } from '../core/backend/decide';
import type { TrainConfig } from '../core/config';
import type { ImageSet } from '../core/data/imageSet';
import type { MethodId } from '../core/methods/catalog';
import type { Visualization } from '../core/methods/visualization';
import type { Checkpoint, Classification, ClassifierKind, RunEvaluation, RunStatus, TrainerEvent } from '../core/train/types';
import type { ExportableRun } from '../export/fromRun';
import type { TextCommands, TextEvent } from './textContract';

export type { BackendName, BackendRequest, ThreadRequest, WasmThreads } from '../core/backend/decide';

/**
 * The training worker's contract, declared once: the commands the page sends over its port (the one channel to the
 * trainer), and the events that come back. The worker's end is trainerEnd.ts, the page's ends are workerPort.ts
 * (a Web Worker, over Comlink) and localPort.ts (the trainer in this thread, for tests).
 */

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
 * Events the worker pushes to the page (≤ ~10 per second per run); a run's status reaches the page only this way.
 * 'deviceLost': the WebGPU device is gone (the worker must be replaced); 'crash' comes from the port when the worker
 * itself failed.
 */
export type WorkerEvent =
  | TrainerEvent
  | TextEvent
  | { type: 'memory'; memory: MemoryStatus }
  | { type: 'error'; message: string }
  | { type: 'deviceLost'; message: string }
  | { type: 'crash'; message: string };

/** How the dataset was split: images in the train split (labelled and not) and held out for evaluation. */
export interface Split {
  train: number;
  test: number;
}

/** The commands whose arguments and replies the page sends and gets as they are: a port forwards them by name. */
export interface TrainerCommands {
  /** Queue a run; `id` must be unique (the page picks it so ids never collide with saved runs). Its status comes as 'run' events. */
  start(method: MethodId, cfg: TrainConfig, id: string): Promise<void>;
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
}

/** Debug and test only (`?debug=1` and the recovery tests): force the faults the recovery paths handle. */
export interface DebugCommands {
  /** Throw an uncaught error in the worker, as a crash would. */
  crash(): Promise<void>;
  /** Destroy the WebGPU device (false when the backend is not WebGPU). */
  loseDevice(): Promise<boolean>;
  /** Make the WASM module abort at its next kernel, as a failed allocation does (false when not on WASM). */
  abortWasm(): Promise<boolean>;
}

export type ForwardedCommands = TrainerCommands & TextCommands & DebugCommands;

/** The forwarded commands by name (a record, so the compiler checks the list against the interfaces both ways). */
const forwarded: Record<keyof ForwardedCommands, true> = {
  start: true,
  suspend: true,
  pause: true,
  resume: true,
  stop: true,
  remove: true,
  visualize: true,
  evaluate: true,
  exportable: true,
  scratchBaseline: true,
  finetune: true,
  classify: true,
  memory: true,
  setTextDataset: true,
  startText: true,
  textGuesses: true,
  startTextScratch: true,
  stopText: true,
  restoreText: true,
  forgetText: true,
  textAttention: true,
  crash: true,
  loseDevice: true,
  abortWasm: true,
};
export const FORWARDED = Object.keys(forwarded) as (keyof ForwardedCommands)[];

/**
 * The commands written by hand on each end, because they hand something over: `init` the event callback (a
 * Comlink proxy), the others buffers (transferred, not copied). The worker's end of them:
 */
export interface WorkerHandOvers {
  init(request: BackendRequest, threads: ThreadRequest, onEvent: (e: WorkerEvent) => void): Promise<BackendStatus>;
  /** The pixels are transferred in and transferred back once they are on the device (no copies). */
  setDataset(set: ImageSet): Promise<{ split: Split; pixels: Uint8Array }>;
  /** The current dataset followed by unlabelled images (they join the train split; runs keep going). Pixels as above. */
  extendDataset(set: ImageSet): Promise<{ split: Split; pixels: Uint8Array }>;
  /** Recreate a saved run from its last checkpoint (weights transferred in); `resume` continues it. Its status comes as an event. */
  restore(status: RunStatus, checkpoint: Checkpoint | null): Promise<void>;
}

/** The page's end of the same commands, and ending the worker. */
export interface PortHandOvers {
  init(request: BackendRequest, threads: ThreadRequest): Promise<BackendStatus>;
  /** The pixels go to the trainer and come back once they are on the device (the caller must not use `set.pixels` meanwhile). */
  setDataset(set: ImageSet): Promise<{ set: ImageSet; split: Split }>;
  extendDataset(set: ImageSet): Promise<{ set: ImageSet; split: Split }>;
  /** The checkpoint's weights are handed over (the caller must not use them afterwards). */
  restore(status: RunStatus, checkpoint: Checkpoint | null): Promise<void>;
  terminate(): void;
}

/** What the worker exposes. */
export type WorkerEnd = ForwardedCommands & WorkerHandOvers;

/** The page's channel to the trainer: every command of the contract. */
export type TrainingPort = ForwardedCommands & PortHandOvers;

/** Opens a port to a new trainer: a Web Worker in the page, the trainer in this thread in tests. */
export type PortFactory = (onEvent: (e: WorkerEvent) => void) => TrainingPort;

/** A port made of the hand-written commands `own` and every other command sent by name through `send`. */
export function portOf(
  send: (name: keyof ForwardedCommands, args: unknown[]) => Promise<unknown>,
  own: PortHandOvers & Partial<ForwardedCommands>,
): TrainingPort {
  const sent = Object.fromEntries(FORWARDED.map((name) => [name, (...args: unknown[]) => send(name, args)]));
  return { ...(sent as unknown as ForwardedCommands), ...own };
}
