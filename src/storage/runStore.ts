import type { ImageSet } from '../core/data/imageSet';
import type { Checkpoint } from '../core/train/types';
import {
  CURVE_CHUNK,
  curveChunks,
  isTextRecord,
  openDb,
  type CurveChunk,
  type Db,
  type SavedDataset,
  type SavedRun,
  type SavedTextRun,
} from './db';
import { isTextBundle, type AnyBundle, type RunBundle } from './runZip';

/** The browser refused to store more: the write was rolled back, nothing half-written remains. */
export class StorageFullError extends Error {
  constructor(what: string) {
    super(`The browser's storage quota is full: ${what} could not be saved (what was saved before is kept whole).`);
    this.name = 'StorageFullError';
  }
}

function isQuotaError(e: unknown): boolean {
  const name = (e as { name?: string } | null)?.name;
  return name === 'QuotaExceededError' || (name === 'AbortError' && /quota/i.test(String((e as Error).message)));
}

/** Runs `write` in one transaction; a quota failure becomes a StorageFullError. */
async function atomically<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (isQuotaError(e)) throw new StorageFullError(what);
    throw e;
  }
}

const CURRENT = 'current';

type CurveStore = { getAll(range: IDBKeyRange): Promise<CurveChunk[]> };

async function withCurves(curves: CurveStore, run: SavedRun): Promise<SavedRun> {
  const chunks = await curves.getAll(IDBKeyRange.bound([run.id, 0], [run.id, Infinity]));
  return { ...run, curves: chunks.flatMap((c) => c.points) };
}

function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => {});
  return p;
}

function abort(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // already aborted by the failed request
  }
}

/** Runs, their last checkpoints and the current dataset in IndexedDB. Every save is one transaction. */
export class RunStore {
  private constructor(private readonly db: Db) {}

  static async open(name?: string): Promise<RunStore> {
    return new RunStore(await openDb(name));
  }

  /**
   * Save a run and (when given) its newest checkpoint together: both land or neither does. Curve points
   * before `fromPoint` are already stored: only the chunks from there on are written, one request each
   * (each is cloned in its own task, never the whole curve at once); chunks past the end are dropped.
   */
  saveRun(run: SavedRun, checkpoint?: Checkpoint, fromPoint = 0): Promise<void> {
    return atomically(`run ${run.id}`, async () => {
      const tx = this.db.transaction(['runs', 'checkpoints', 'curves'], 'readwrite');
      const done = quiet(tx.done); // an abort rejects it: the error that caused it is the one thrown
      try {
        const curves = tx.objectStore('curves');
        await curves.delete(IDBKeyRange.bound([run.id, Math.ceil(run.curves.length / CURVE_CHUNK)], [run.id, Infinity]));
        for (const chunk of curveChunks(run.id, run.curves, fromPoint)) await curves.put(chunk);
        await tx.objectStore('runs').put({ ...run, curves: [], ...(checkpoint ? { checkpointStep: checkpoint.step } : {}) });
        if (checkpoint) await tx.objectStore('checkpoints').put({ ...checkpoint, runId: run.id });
        await done;
      } catch (e) {
        abort(tx); // a failed write (quota, a value that cannot be stored) rolls back the whole save
        throw e;
      }
    });
  }

  /** Save a text run and (when given) its encoder weights in one transaction: both land or neither does. */
  saveTextRun(run: SavedTextRun, checkpoint?: Checkpoint): Promise<void> {
    return atomically(`run ${run.id}`, async () => {
      const tx = this.db.transaction(['runs', 'checkpoints'], 'readwrite');
      const done = quiet(tx.done);
      try {
        await tx.objectStore('runs').put({ ...run, ...(checkpoint ? { checkpointStep: checkpoint.step } : {}) });
        if (checkpoint) await tx.objectStore('checkpoints').put({ ...checkpoint, runId: run.id });
        await done;
      } catch (e) {
        abort(tx);
        throw e;
      }
    });
  }

  /** Every text run (records only: the weights stay on disk), oldest first. */
  async listTextRuns(): Promise<SavedTextRun[]> {
    const runs = (await this.db.getAll('runs')).filter(isTextRecord);
    return runs.sort((a, b) => a.savedAt - b.savedAt);
  }

  /**
   * Give out new run ids: `pick` gets every id taken (given out in any tab and not deleted since; the page's own
   * too: `alsoTaken`) and returns the new ones, recorded in the same transaction: two tabs never get the same id.
   */
  async reserveIds(pick: (taken: string[]) => string[], alsoTaken: readonly string[] = []): Promise<string[]> {
    return atomically('a new run id', async () => {
      const tx = this.db.transaction(['runs', 'ids'], 'readwrite');
      const done = quiet(tx.done);
      try {
        const taken = [...(await tx.objectStore('ids').getAllKeys()), ...(await tx.objectStore('runs').getAllKeys()), ...alsoTaken];
        const ids = pick(taken);
        for (const id of ids) await tx.objectStore('ids').add(Date.now(), id);
        await done;
        return ids;
      } catch (e) {
        abort(tx);
        throw e;
      }
    });
  }

  /** Every run with its curves, each as one save left it (records and curves read in one transaction). */
  async listRuns(): Promise<SavedRun[]> {
    const tx = this.db.transaction(['runs', 'curves']);
    const records = (await tx.objectStore('runs').getAll()).filter((r): r is SavedRun => !isTextRecord(r));
    const runs = await Promise.all(records.map((r) => withCurves(tx.objectStore('curves'), r)));
    return runs.sort((a, b) => (a.status.startedAt ?? a.savedAt) - (b.status.startedAt ?? b.savedAt));
  }

  async getRun(id: string): Promise<SavedRun | undefined> {
    return (await this.getBundle(id))?.run;
  }

  /** An image run and its checkpoint as one save left them (undefined for a text run). */
  async getBundle(id: string): Promise<RunBundle | undefined> {
    const b = await this.getEntry(id);
    return b && !isTextBundle(b) ? b : undefined;
  }

  /** A run (image or text) and its checkpoint as one save left them (one transaction: never the curves of one save with the weights of another). */
  async getEntry(id: string): Promise<AnyBundle | undefined> {
    const tx = this.db.transaction(['runs', 'curves', 'checkpoints']);
    const [run, checkpoint] = await Promise.all([tx.objectStore('runs').get(id), tx.objectStore('checkpoints').get(id)]);
    if (!run) return undefined;
    if (isTextRecord(run)) return { run, checkpoint: checkpoint ?? null };
    return { run: await withCurves(tx.objectStore('curves'), run), checkpoint: checkpoint ?? null };
  }

  getCheckpoint(id: string): Promise<Checkpoint | undefined> {
    return this.db.get('checkpoints', id);
  }

  rename(id: string, name: string): Promise<void> {
    return atomically(`the new name of ${id}`, async () => {
      const tx = this.db.transaction('runs', 'readwrite');
      const run = await tx.store.get(id);
      if (!run) throw new Error(`No saved run ${id}.`);
      await Promise.all([tx.store.put({ ...run, name }), tx.done]);
    });
  }

  /** Delete a run, its checkpoint and curves; its id may be given out again (an import of the same run keeps it). */
  async deleteRun(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'checkpoints', 'curves', 'ids'], 'readwrite');
    const chunks = IDBKeyRange.bound([id, 0], [id, Infinity]);
    await Promise.all([
      tx.objectStore('runs').delete(id),
      tx.objectStore('checkpoints').delete(id),
      tx.objectStore('curves').delete(chunks),
      tx.objectStore('ids').delete(id),
      tx.done,
    ]);
  }

  saveDataset(set: ImageSet, rejected: SavedDataset['rejected']): Promise<void> {
    // a Blob: IndexedDB keeps it by reference instead of cloning megabytes of pixels on the page
    const pixels = new Blob([set.pixels as Uint8Array<ArrayBuffer>]);
    const value: SavedDataset = {
      name: set.name,
      resolution: set.resolution,
      pixels,
      labels: set.labels.slice(),
      classNames: [...set.classNames],
      rejected,
      savedAt: Date.now(),
    };
    return atomically(`the dataset "${set.name}"`, () => this.db.put('datasets', value, CURRENT).then(() => undefined));
  }

  async loadDataset(): Promise<{ set: ImageSet; rejected: SavedDataset['rejected'] } | null> {
    const d = await this.db.get('datasets', CURRENT);
    if (!d) return null;
    const pixels = d.pixels instanceof Blob ? new Uint8Array(await d.pixels.arrayBuffer()) : d.pixels;
    return { set: { name: d.name, resolution: d.resolution, pixels, labels: d.labels, classNames: d.classNames }, rejected: d.rejected };
  }

  async clearDataset(): Promise<void> {
    await this.db.delete('datasets', CURRENT);
  }

  close(): void {
    this.db.close();
  }
}

export interface StorageUse {
  usage: number; // bytes this origin uses
  quota: number; // bytes it may use
  persisted: boolean; // the browser keeps it even when space runs low (navigator.storage.persist granted)
}

const storageManager = () => (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;

/** The origin's storage use, where the browser tells (navigator.storage.estimate). */
export async function storageUse(): Promise<StorageUse | null> {
  const storage = storageManager();
  if (!storage?.estimate) return null;
  const [{ usage = 0, quota = 0 }, persisted] = await Promise.all([storage.estimate(), storage.persisted?.() ?? false]);
  return { usage, quota, persisted };
}

/** Ask the browser not to clear the lab's storage when space runs low (it may say no, or ask the user). */
export async function askPersistence(): Promise<boolean> {
  return (
    (await storageManager()
      ?.persist?.()
      .catch(() => false)) ?? false
  );
}
