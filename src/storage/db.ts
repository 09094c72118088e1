import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Visualization } from '../core/methods/visualization';
import type { Checkpoint, CurvePoint, RunEvaluation, RunStatus } from '../core/train/types';

/** Which dataset a run was trained on: a run resumes only on the same one. */
export interface DatasetKey {
  name: string;
  images: number;
  resolution: number;
}

/** Everything about a run except its weights (those sit in `checkpoints`, written in the same transaction). */
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

/** The user's own dataset at its working resolution, so a reload does not need the folder again. */
export interface SavedDataset {
  name: string;
  resolution: number;
  pixels: Uint8Array;
  labels: Int32Array;
  classNames: string[];
  rejected: { file: string; reason: string }[];
  savedAt: number;
}

interface PretextDb extends DBSchema {
  runs: { key: string; value: SavedRun };
  checkpoints: { key: string; value: Checkpoint };
  datasets: { key: string; value: SavedDataset };
}

export type Db = IDBPDatabase<PretextDb>;

export const DB_NAME = 'pretext';

export function openDb(name = DB_NAME): Promise<Db> {
  return openDB<PretextDb>(name, 1, {
    upgrade(db) {
      db.createObjectStore('runs', { keyPath: 'id' });
      db.createObjectStore('checkpoints', { keyPath: 'runId' });
      db.createObjectStore('datasets');
    },
  });
}
