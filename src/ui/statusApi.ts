import type { RunStatus } from '../core/train/types';
import type { BackendStatus, MemoryStatus } from '../worker/contract';
import type { DatasetKey } from '../storage/db';
import { comparison } from './components/compare/comparison';
import { latestSweep, sweepEstimate, type Estimate, type SweepEstimate } from './components/compare/compareData';
import type { MethodId } from '../core/methods/catalog';
import { app } from './state/app';
import { useEstimates } from './state/estimates';
import type { ModelFormat } from './state/exports';
import { useStore, type DatasetInfo } from './state/store';
import { useTextRuns } from './state/textRuns';
import { textComparison } from './components/text/textComparison';
import type { TextRunStatus } from '../worker/textContract';
import type { PerplexityEstimate } from '../core/text/textEval';

/** The automation API: `window.pretext.status()` returns plain JSON; exportModel / exportExperiment return download bytes. */
export interface PretextStatus {
  backend: BackendStatus | null;
  dataset: DatasetInfo | null;
  ingest: { done: number; total: number; rejected: number } | null;
  runs: (Pick<
    RunStatus,
    'id' | 'method' | 'state' | 'step' | 'steps' | 'loss' | 'metrics' | 'imagesPerSec' | 'probe' | 'error' | 'interrupted'
  > & {
    points: number;
    name: string | null; // the saved run's label (null: not saved)
    checkpointStep: number | null; // where a resume starts
    onDisk: boolean; // kept in storage only, not yet opened in the worker
    dataset: DatasetKey | null; // what it trained on (name, size, resolution and fingerprint)
  })[];
  compare: {
    dataset: DatasetKey | null; // whose runs the compare view shows
    runIds: string[];
    rows: {
      runId: string;
      method: string;
      state: RunStatus['state'];
      partial: boolean;
      probe: Accuracy | null;
      knn: Accuracy | null;
      cv: Accuracy | null;
      finetune: Accuracy | null;
      semi: Accuracy | null;
      seeds: { mean: number; sd: number; n: number } | null;
      peak: SweepAccuracy | null;
      sweep: SweepAccuracy[];
    }[];
    best: Record<string, string[]>; // column → the runs it marks best (an accuracy only where clearly ahead of every other run)
    verdict: string[];
    notice: string | null; // the small-test-split warning, when shown
  };
  baseline: { perClass: number | 'all'; accuracy: number }[] | null; // supervised from scratch per label budget
  memory: MemoryStatus | null; // the worker's tensors and what it holds (null: a new worker has not reported yet)
  errors: string[];
  storage: { usage: number; quota: number } | null;
  estimates: Partial<Record<MethodId, number>>; // seconds each card's run would take, Start to evaluated ({} before a dataset and backend)
  // text runs: perplexity on the training batches while training; probe and heldOutPerplexity once done
  text: {
    runs: (Pick<TextRunStatus, 'id' | 'method' | 'state' | 'step' | 'perplexity' | 'bigramPerplexity' | 'error'> & {
      probe: number | null;
      heldOutPerplexity: number | null;
    })[];
    compare: TextCompareStatus;
  };
}

/** An accuracy with its 95 % interval and the number of images behind it. */
type Accuracy = { accuracy: number; low: number; high: number; n: number };
/** A label budget's probe accuracy, with its interval. */
type SweepAccuracy = Accuracy & { perClass: number | 'all' };

/** An estimate without its per-image results. */
const accuracy = (e: Estimate | null): Accuracy | null => e && { accuracy: e.accuracy, low: e.low, high: e.high, n: e.n };
const sweepAccuracy = (e: SweepEstimate): SweepAccuracy => ({ perClass: e.perClass, ...accuracy(e)! });

export function status(): PretextStatus {
  const s = useStore.getState();
  return structuredClone({
    backend: s.backend,
    dataset: s.dataset,
    ingest: s.ingest,
    runs: s.runs.map((r) => runStatus(s, r)),
    compare: compareStatus(s),
    baseline: s.baseline?.points.map(({ perClass, accuracy }) => ({ perClass, accuracy })) ?? null,
    memory: s.memory,
    errors: s.errors,
    storage: s.storage,
    estimates: useEstimates.getState(),
    text: { runs: useTextRuns.getState().runs.map(textRunStatus), compare: textCompareStatus() },
  });
}

type State = ReturnType<typeof useStore.getState>;

function runStatus(s: State, r: State['runs'][number]): PretextStatus['runs'][number] {
  const meta = s.runMeta[r.id];
  return {
    id: r.id,
    method: r.method,
    state: r.state,
    step: r.step,
    steps: r.steps,
    loss: r.loss,
    metrics: r.metrics,
    imagesPerSec: r.imagesPerSec,
    probe: r.probe,
    error: r.error,
    interrupted: r.interrupted,
    points: s.curves[r.id]?.length ?? 0,
    name: meta?.name ?? null,
    checkpointStep: meta?.checkpointStep ?? null,
    onDisk: meta?.onDisk ?? false,
    dataset: meta?.dataset ?? null,
  };
}

/** The compare view's figures without their per-image results. */
function compareStatus(s: State): PretextStatus['compare'] {
  const comp = comparison(s);
  return {
    dataset: comp.dataset,
    runIds: comp.runs.map((r) => r.id),
    rows: comp.rows.map((r) => ({
      runId: r.id,
      method: r.method,
      state: r.state,
      partial: r.partial,
      seeds: r.seeds,
      probe: accuracy(r.probe),
      knn: accuracy(r.knn),
      cv: accuracy(r.cv),
      finetune: accuracy(r.finetune),
      semi: accuracy(r.semi),
      peak: r.peak && sweepAccuracy(r.peak),
      sweep: (latestSweep(s.evaluations[r.id]) ?? []).map((p) => sweepAccuracy(sweepEstimate(p))),
    })),
    best: comp.best,
    verdict: comp.verdict,
    notice: comp.notice,
  };
}

function textRunStatus(r: TextRunStatus): PretextStatus['text']['runs'][number] {
  const { id, method, state, step, perplexity, bigramPerplexity, error } = r;
  return {
    id,
    method,
    state,
    step,
    perplexity,
    bigramPerplexity,
    error,
    probe: r.result?.probe?.accuracy ?? null,
    heldOutPerplexity: r.result?.perplexity ?? null,
  };
}

/** The text compare view's figures without their per-text results. */
interface TextCompareStatus {
  runIds: string[];
  rows: {
    runId: string;
    method: string;
    steps: number;
    probe: Accuracy | null;
    knn: Accuracy | null;
    perplexity: PerplexityEstimate | null; // held-out, with its 95 % bootstrap interval
    bigram: PerplexityEstimate;
    sweep: SweepAccuracy[];
  }[];
  scratch: SweepAccuracy[] | null; // supervised from scratch per budget, once finished
  verdict: string[];
}

function textCompareStatus(): TextCompareStatus {
  const comp = textComparison(useTextRuns.getState());
  return {
    runIds: comp.runIds,
    rows: comp.rows.map((r) => ({ ...r, probe: accuracy(r.probe), knn: accuracy(r.knn), sweep: r.sweep.map(sweepAccuracy) })),
    scratch: comp.scratch?.map((p) => sweepAccuracy(sweepEstimate(p))) ?? null,
    verdict: comp.verdict,
  };
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
  const exports: PretextExports = {
    exportModel: (id, format) => app.exports.model(id, format),
    exportExperiment: (id) => app.exports.experiment(id),
  };
  window.pretext = Object.freeze({ status, ...exports, ...(debug ? { debug } : {}) });
}
