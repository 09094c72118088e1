import { create } from 'zustand';
import type { ImageSet } from '../../core/data/imageSet';
import type { Visualization } from '../../core/methods/visualization';
import type { SweepPoint } from '../../core/eval/evaluate';
import type { CurvePoint, RunEvaluation, RunStatus } from '../../core/train/types';
import type { BackendStatus, MemoryStatus } from '../../worker/protocol';
import type { DatasetKey } from '../../storage/db';
import type { StorageUse } from '../../storage/runStore';

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
  split: { train: number; test: number };
  rejected: Rejection[];
}

/** What the runs list knows about a run kept in IndexedDB. */
export interface SavedMeta {
  name: string; // the user's label (the id until renamed)
  dataset: DatasetKey; // the run resumes only on this dataset
  checkpointStep: number | null; // the step a resume starts from
  dormant: boolean; // on disk only: the worker does not hold it until it is opened or resumed
}

export interface IngestProgress {
  done: number;
  total: number;
  rejected: number;
}

/** Everything the page shows. Curves grow in place (append-only) and bump `curveVersion`. */
export interface LabState {
  backend: BackendStatus | null;
  dataset: DatasetInfo | null;
  images: ImageSet | null; // the working pixels, for thumbnails and previews
  ingest: IngestProgress | null; // non-null while a folder is being decoded
  runs: RunStatus[];
  curves: Record<string, CurvePoint[]>;
  curveVersion: number;
  visualizations: Record<string, Visualization>;
  evaluations: Record<string, RunEvaluation[]>; // per run, in step order: the probe curve; the last is current
  baseline: { points: SweepPoint[]; running: boolean } | null; // supervised from scratch per label budget
  memory: MemoryStatus | null;
  errors: string[]; // app-level messages (worker crash, load failure), newest last
  saved: Record<string, SavedMeta>; // runs kept in IndexedDB, by id
  storage: StorageUse | null; // the origin's storage use (navigator.storage.estimate)
}

export const useLab = create<LabState>(() => ({
  backend: null,
  dataset: null,
  images: null,
  ingest: null,
  runs: [],
  curves: {},
  curveVersion: 0,
  visualizations: {},
  evaluations: {},
  baseline: null,
  memory: null,
  errors: [],
  saved: {},
  storage: null,
}));

/** Apply a run delta from the worker: replace its status, append its new curve points. */
export function applyRunDelta(status: RunStatus, points: CurvePoint[]): void {
  useLab.setState((s) => {
    const curves = s.curves[status.id] ?? [];
    curves.push(...points);
    const i = s.runs.findIndex((r) => r.id === status.id);
    const runs = i < 0 ? [...s.runs, status] : s.runs.map((r, k) => (k === i ? status : r));
    return { runs, curves: { ...s.curves, [status.id]: curves }, curveVersion: s.curveVersion + (points.length ? 1 : 0) };
  });
}

export function reportError(message: string): void {
  useLab.setState((s) => ({ errors: [...s.errors, message] }));
}

export function addEvaluation(ev: RunEvaluation): void {
  useLab.setState((s) => ({ evaluations: { ...s.evaluations, [ev.runId]: [...(s.evaluations[ev.runId] ?? []), ev] } }));
}
