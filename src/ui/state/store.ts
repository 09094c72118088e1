import { create } from 'zustand';
import type { ImageSet } from '../../core/data/imageSet';
import type { SweepPoint } from '../../core/eval/evaluate';
import type { Visualization } from '../../core/methods/visualization';
import { isLive } from '../../core/train/runState';
import type { ClassificationResult } from '../../core/eval/metrics';
import type { FinetuneKind, CurvePoint, RunEvaluation, RunStatus } from '../../core/train/types';
import type { DatasetKey, SavedRun } from '../../storage/db';
import type { StorageUse } from '../../storage/runStore';
import type { BackendStatus, MemoryStatus } from '../../worker/contract';

export interface Rejection {
  file: string;
  reason: string;
}

export interface DatasetInfo {
  name: string;
  images: number;
  classes: string[];
  counts: number[];
  resolution: number;
  fingerprint: string; // its images, labels and split (see core/data/fingerprint): runs with the same one compare
  split: { train: number; test: number };
  rejected: Rejection[];
}

/** What the runs list knows about a run besides its status: its label, its dataset and where it is kept. */
export interface RunMeta {
  name: string; // the user's label (the id until renamed)
  dataset: DatasetKey; // the run resumes only on this dataset
  checkpointStep: number | null; // the step a resume starts from
  onDisk: boolean; // kept in storage only: the worker does not hold it until it is opened or resumed
}

export type { FinetuneKind };

/** A run's fine-tuning sweep: the points so far (with which test images each got right); when done, the all-labels classifier's test result. */
export interface FinetuneState {
  points: SweepPoint[];
  running: boolean;
  result?: ClassificationResult;
}

export interface IngestProgress {
  done: number;
  total: number;
  rejected: number;
}

/** Everything the page shows. Curves grow in place (append-only) and bump `curveVersion`. */
export interface AppState {
  backend: BackendStatus | null;
  dataset: DatasetInfo | null;
  images: ImageSet | null; // the working pixels, for thumbnails and previews
  ingest: IngestProgress | null; // non-null while a folder is being decoded
  pool: IngestProgress | null; // non-null while the sample's unlabelled pool is being decoded
  preparing: string | null; // what waits for the training worker to be up (e.g. "“cats”"), null when nothing does
  autostartSkipped: boolean; // the link's autostart ran in this browser before, so this opening did not start it
  runs: RunStatus[];
  curves: Record<string, CurvePoint[]>;
  curveVersion: number;
  visualizations: Record<string, Visualization>;
  evaluations: Record<string, RunEvaluation[]>; // per run, in step order: the probe curve; the last is current
  baseline: { points: SweepPoint[]; running: boolean } | null; // supervised from scratch per label budget
  finetunes: Record<string, Partial<Record<FinetuneKind, FinetuneState>>>; // per run, this session's fine-tuning sweeps (per-image results)
  memory: MemoryStatus | null;
  errors: string[]; // app-level messages (worker crash, load failure), newest last
  runMeta: Record<string, RunMeta>; // by id, every run the page lists: kept in IndexedDB, or started here and not yet written
  storage: StorageUse | null; // the origin's storage use (navigator.storage.estimate)
  compareDataset: DatasetKey | null; // whose runs the compare view shows; null: the loaded dataset's
}

const NO_RUNS = {
  runs: [],
  curves: {},
  visualizations: {},
  evaluations: {},
  baseline: null,
  finetunes: {},
  runMeta: {},
  compareDataset: null,
} satisfies Partial<AppState>;

const initial = (): AppState => ({
  backend: null,
  dataset: null,
  images: null,
  ingest: null,
  pool: null,
  preparing: null,
  autostartSkipped: false,
  curveVersion: 0,
  memory: null,
  errors: [],
  storage: null,
  ...NO_RUNS,
});

/** The page's state. Components read it with selectors; every write goes through one of the actions below. */
export const useStore = create<AppState>(initial);

const set = useStore.setState;
/** `m` less the entry of `id`. */
export const without = <T>(m: Record<string, T>, id: string) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== id));

/** Back to a fresh page (tests). */
export const resetStore = () => set(initial(), true);

export const reportError = (message: string) => set((s) => ({ errors: [...s.errors, message] }));
export const clearErrors = () => set({ errors: [] });
export const setBackend = (backend: BackendStatus | null) => set({ backend });
export const setMemory = (memory: MemoryStatus | null) => set({ memory }); // null: no worker has reported (a replaced one's reading is stale)
export const setStorage = (storage: StorageUse | null) => set({ storage });
export const setIngest = (ingest: IngestProgress | null) => set({ ingest });
export const setPool = (pool: IngestProgress | null) => set({ pool });
export const setPreparing = (preparing: string | null) => set({ preparing });
export const setAutostartSkipped = (autostartSkipped: boolean) => set({ autostartSkipped });
export const setBaseline = (baseline: AppState['baseline']) => set({ baseline });
export const setFinetune = (id: string, kind: FinetuneKind, state: FinetuneState | null) =>
  set((s) => ({ finetunes: { ...s.finetunes, [id]: { ...s.finetunes[id], [kind]: state ?? undefined } } }));
export const setCompareDataset = (compareDataset: DatasetKey | null) => set({ compareDataset });

/** Only the dataset's description (a folder with no usable image: the page says why, and keeps what it shows). */
export const setDatasetInfo = (dataset: DatasetInfo) => set({ dataset });

/** A new dataset on the page: runs of the previous one leave it (saved ones come back from storage). */
export const showDataset = (images: ImageSet | null, dataset: DatasetInfo) => set({ images, dataset, ...NO_RUNS });

/** The same dataset grown by unlabelled images: its runs stay. */
export const growDataset = (images: ImageSet, dataset: DatasetInfo) => set({ images, dataset });

/** The worker is gone: its runs leave the page until storage lists them again. */
export const clearRuns = () => set({ ...NO_RUNS, backend: null });

/** Apply a run delta from the worker: replace its status, append its new curve points. */
export function applyRunDelta(status: RunStatus, points: CurvePoint[]): void {
  set((s) => {
    const curves = s.curves[status.id] ?? [];
    curves.push(...points);
    const i = s.runs.findIndex((r) => r.id === status.id);
    const runs = i < 0 ? [...s.runs, status] : s.runs.map((r, k) => (k === i ? status : r));
    return { runs, curves: { ...s.curves, [status.id]: curves }, curveVersion: s.curveVersion + (points.length ? 1 : 0) };
  });
}

export const addEvaluation = (ev: RunEvaluation) =>
  set((s) => ({ evaluations: { ...s.evaluations, [ev.runId]: [...(s.evaluations[ev.runId] ?? []), ev] } }));

export const setVisualization = (id: string, viz: Visualization) => set((s) => ({ visualizations: { ...s.visualizations, [id]: viz } }));

export const setRunMeta = (id: string, meta: RunMeta) => set((s) => ({ runMeta: { ...s.runMeta, [id]: meta } }));

/** Change a run's metadata (nothing when the page no longer lists it, e.g. removed meanwhile). */
export const patchRunMeta = (id: string, patch: Partial<RunMeta>) =>
  set((s) => (s.runMeta[id] ? { runMeta: { ...s.runMeta, [id]: { ...s.runMeta[id], ...patch } } } : {}));

/**
 * Put a run kept on disk on the page (on disk only); one that was live when the page closed is marked interrupted,
 * unless another tab trains it (`liveElsewhere`): then it shows that tab's state.
 */
export function showSavedRun(run: SavedRun, liveElsewhere = false): void {
  const interrupted = isLive(run.status.state) && !liveElsewhere;
  const status: RunStatus = { ...run.status, imagesPerSec: 0, ...(interrupted ? { state: 'stopped', interrupted: true } : {}) };
  set((s) => ({
    runs: [...s.runs.filter((r) => r.id !== run.id), status],
    curves: { ...s.curves, [run.id]: run.curves },
    curveVersion: s.curveVersion + 1,
    evaluations: { ...s.evaluations, [run.id]: run.evaluations },
    visualizations: run.visualization ? { ...s.visualizations, [run.id]: run.visualization } : s.visualizations,
    runMeta: { ...s.runMeta, [run.id]: { name: run.name, dataset: run.dataset, checkpointStep: run.checkpointStep, onDisk: true } },
  }));
}

/** A run from disk is in the worker now, at `step`: training replays its curve from there. */
export const runOpened = (id: string, step: number) =>
  set((s) => ({
    curves: { ...s.curves, [id]: (s.curves[id] ?? []).filter((p) => p.step <= step) },
    curveVersion: s.curveVersion + 1,
    runMeta: s.runMeta[id] ? { ...s.runMeta, [id]: { ...s.runMeta[id], onDisk: false } } : s.runMeta,
  }));

/** The run is in this tab's worker (started or opened here), not only on disk nor only in another tab. */
export const heldInWorker = (id: string) => useStore.getState().runMeta[id]?.onDisk === false;

export const forgetRun = (id: string) =>
  set((s) => ({
    runs: s.runs.filter((r) => r.id !== id),
    runMeta: without(s.runMeta, id),
    curves: without(s.curves, id),
    evaluations: without(s.evaluations, id),
    visualizations: without(s.visualizations, id),
    finetunes: without(s.finetunes, id),
  }));

/** Runs the dead worker held are shown as live (running, no error) until storage lists them as interrupted. */
export const showAsLive = (ids: readonly string[]) =>
  set((s) => ({ runs: s.runs.map((r) => (ids.includes(r.id) ? { ...r, state: 'running' as const, error: undefined } : r)) }));
