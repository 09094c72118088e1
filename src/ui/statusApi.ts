import type { RunStatus } from '../core/train/types';
import type { BackendStatus, MemoryStatus } from '../worker/protocol';
import { app } from './state/app';
import type { ModelFormat } from './state/exports';
import { useStore, type DatasetInfo } from './state/store';

/** The automation API: `window.pretext.status()` returns plain JSON; exportModel / exportExperiment return download bytes. */
export interface PretextStatus {
  backend: BackendStatus | null;
  dataset: DatasetInfo | null;
  ingest: { done: number; total: number; rejected: number } | null;
  runs: (Pick<RunStatus, 'id' | 'method' | 'state' | 'step' | 'steps' | 'loss' | 'metrics' | 'imagesPerSec' | 'probe' | 'error' | 'interrupted'> & {
    points: number;
    name: string | null; // the saved run's label (null: not saved)
    checkpointStep: number | null; // where a resume starts
    onDisk: boolean; // kept in storage only, not yet opened in the worker
  })[];
  baseline: { perClass: number | 'all'; accuracy: number }[] | null; // supervised from scratch per label budget
  memory: MemoryStatus | null; // the worker's tensors and what it holds (null: a new worker has not reported yet)
  errors: string[];
  storage: { usage: number; quota: number } | null;
}

export function status(): PretextStatus {
  const s = useStore.getState();
  return structuredClone({
    backend: s.backend,
    dataset: s.dataset,
    ingest: s.ingest,
    runs: s.runs.map((r) => ({
      id: r.id, method: r.method, state: r.state, step: r.step, steps: r.steps, loss: r.loss,
      metrics: r.metrics, imagesPerSec: r.imagesPerSec, probe: r.probe, error: r.error, interrupted: r.interrupted, points: s.curves[r.id]?.length ?? 0,
      name: s.saved[r.id]?.name ?? null, checkpointStep: s.saved[r.id]?.checkpointStep ?? null, onDisk: s.saved[r.id]?.onDisk ?? false,
    })),
    baseline: s.baseline?.points ?? null,
    memory: s.memory,
    errors: s.errors,
    storage: s.storage,
  });
}

/** Fault injection for tests and demos, installed only with `?debug=1` (the status API stays read-only). */
export interface PretextDebug {
  crashWorker: () => Promise<void>; // an uncaught error in the training worker
  loseDevice: () => Promise<boolean>; // destroy the WebGPU device (false: not on WebGPU)
  abortWasm: () => Promise<boolean>; // make the WASM module abort, as a failed allocation does (false: not on WASM)
}

/** The bytes the run's downloads give: its model (ONNX or safetensors) and its experiment as a PyTorch project (zip). */
export interface PretextExports {
  exportModel: (runId: string, format: ModelFormat) => Promise<Uint8Array>;
  exportExperiment: (runId: string) => Promise<Uint8Array>;
}

declare global {
  interface Window {
    pretext: { status: () => PretextStatus; debug?: PretextDebug } & PretextExports;
  }
}

export function installStatusApi(): void {
  const debug = new URLSearchParams(window.location.search).get('debug') === '1' ? Object.freeze({ ...app.debug }) : undefined;
  const exports: PretextExports = { exportModel: (id, format) => app.exports.model(id, format), exportExperiment: (id) => app.exports.experiment(id) };
  window.pretext = Object.freeze({ status, ...exports, ...(debug ? { debug } : {}) });
}
