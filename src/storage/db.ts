import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Visualization } from '../core/methods/visualization';
import type { Checkpoint, CurvePoint, LossPoint, RunEvaluation, RunStatus } from '../core/train/types';
import type { TextRunStatus } from '../worker/textContract';

/** Which dataset a run was trained on: a run resumes only on the same one. */
export interface DatasetKey {
  name: string;
  images: number;
  resolution: number;
  fingerprint?: string; // its images, labels and split (see core/data/fingerprint); absent in runs saved before it was kept
}

/**
 * Everything about a run except its weights (those sit in `checkpoints`, written in the same transaction).
 * In the database the record's `curves` is empty: the points sit in the `curves` store, in chunks.
 */
export interface SavedRun {
  id: string;
  name: string; // the user's label; the id until renamed
  status: RunStatus;
  curves: CurvePoint[];
  evaluations: RunEvaluation[];
  dataset: DatasetKey;
  checkpointStep: number | null; // step of the checkpoint stored beside it
  visualization?: Visualization;
  savedAt: number;
}

/** Which text dataset a text run was trained on: its runs are listed again when a set with this fingerprint is loaded. */
export interface TextDatasetKey {
  name: string;
  texts: number;
  fingerprint: string; // its texts, labels, books and classes (core/text/textFingerprint)
}

/**
 * A finished or stopped text run (issue #29), in the `runs` store beside the image runs (so ids, deletion and the
 * one-transaction saves are shared); its encoder weights sit in `checkpoints`. Its loss curve is small (a point per
 * read-back, bucketed past TEXT_CURVE_MAX), so it sits in the record itself, not in the `curves` store's chunks.
 */
export interface SavedTextRun {
  modality: 'text';
  id: string;
  status: TextRunStatus;
  curve?: LossPoint[]; // absent in runs saved before curves were kept
  dataset: TextDatasetKey;
  checkpointStep: number | null;
  savedAt: number;
}

export const isTextRecord = (r: SavedRun | SavedTextRun): r is SavedTextRun => 'modality' in r && r.modality === 'text';

/** Curve points per stored chunk: a save rewrites only the chunks that changed, not the whole curve. */
export const CURVE_CHUNK = 1000;

/** A slice of a run's curve: points [chunk × CURVE_CHUNK, (chunk + 1) × CURVE_CHUNK). */
export interface CurveChunk {
  runId: string;
  chunk: number;
  points: CurvePoint[];
}

/** The user's own dataset at its working resolution, so a reload does not need the folder again. */
export interface SavedDataset {
  name: string;
  resolution: number;
  pixels: Blob | Uint8Array; // a Blob (stored by reference, not cloned on the page); databases of version 1 hold the bytes
  labels: Int32Array;
  classNames: string[];
  rejected: { file: string; reason: string }[];
  savedAt: number;
}

interface PretextDb extends DBSchema {
  runs: { key: string; value: SavedRun | SavedTextRun };
  checkpoints: { key: string; value: Checkpoint };
  datasets: { key: string; value: SavedDataset };
  curves: { key: [string, number]; value: CurveChunk };
  ids: { key: string; value: number }; // run ids given out (value: when) and not deleted since: no two tabs pick the same
}

export type Db = IDBPDatabase<PretextDb>;

export const DB_NAME = 'pretext';

/** Open (and create or upgrade) the database. A newer page in another tab that needs to upgrade it is not kept waiting. */
export function openDb(name = DB_NAME): Promise<Db> {
  let db: Db | null = null;
  const opening = openDB<PretextDb>(name, 3, {
    blocking: () => db?.close(),
    async upgrade(db, from, _to, tx) {
      // version 3: ids given out, so two tabs (and imports) never pick the same one
      if (from < 3) db.createObjectStore('ids');
      if (from < 1) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('checkpoints', { keyPath: 'runId' });
        db.createObjectStore('datasets');
      }
      // version 2: curves in chunks, so a save clones only the chunks that changed
      if (from >= 2) return;
      const chunks = db.createObjectStore('curves', { keyPath: ['runId', 'chunk'] });
      for (const run of (await tx.objectStore('runs').getAll()) as SavedRun[]) {
        for (const c of curveChunks(run.id, run.curves, 0)) await chunks.put(c);
        await tx.objectStore('runs').put({ ...run, curves: [] });
      }
    },
  });
  return opening.then((d) => (db = d));
}

/** The chunks of `points` from the one holding point `from` to the end. */
export function curveChunks(runId: string, points: readonly CurvePoint[], from: number): CurveChunk[] {
  const out: CurveChunk[] = [];
  for (let k = Math.floor(from / CURVE_CHUNK); k * CURVE_CHUNK < points.length; k++)
    out.push({ runId, chunk: k, points: points.slice(k * CURVE_CHUNK, (k + 1) * CURVE_CHUNK) });
  return out;
}
