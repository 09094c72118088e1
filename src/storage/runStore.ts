import type { ImageSet } from '../core/data/imageSet';
import type { Checkpoint } from '../core/train/types';
import { openDb, type Db, type SavedDataset, type SavedRun } from './db';

/** The browser refused to store more: the write was rolled back, nothing half-written remains. */
export class StorageFullError extends Error {
  constructor(what: string) {
    super(`The browser's storage quota is full: ${what} could not be saved (nothing was half-written). Delete or export old runs to make room.`);
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

  /** Save a run and (when given) its newest checkpoint together: both land or neither does. */
  saveRun(run: SavedRun, checkpoint?: Checkpoint): Promise<void> {
    return atomically(`run ${run.id}`, async () => {
      const tx = this.db.transaction(['runs', 'checkpoints'], 'readwrite');
      // every request is marked handled at once: an abort rejects them all, and Promise.all sees only the first
      const pending: Promise<unknown>[] = [quiet(tx.done)];
      try {
        pending.push(quiet(tx.objectStore('runs').put(checkpoint ? { ...run, checkpointStep: checkpoint.step } : run)));
        if (checkpoint) pending.push(quiet(tx.objectStore('checkpoints').put({ ...checkpoint, runId: run.id })));
        await Promise.all(pending);
      } catch (e) {
        abort(tx); // a failed write (quota, a value that cannot be stored) rolls back the whole save
        throw e;
      }
    });
  }

  async listRuns(): Promise<SavedRun[]> {
    const runs = await this.db.getAll('runs');
    return runs.sort((a, b) => (a.status.startedAt ?? a.savedAt) - (b.status.startedAt ?? b.savedAt));
  }

  getRun(id: string): Promise<SavedRun | undefined> {
    return this.db.get('runs', id);
  }

  getCheckpoint(id: string): Promise<Checkpoint | undefined> {
    return this.db.get('checkpoints', id);
  }

  async rename(id: string, name: string): Promise<void> {
    const tx = this.db.transaction('runs', 'readwrite');
    const run = await tx.store.get(id);
    if (!run) throw new Error(`No saved run ${id}.`);
    await Promise.all([tx.store.put({ ...run, name }), tx.done]);
  }

  async deleteRun(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'checkpoints'], 'readwrite');
    await Promise.all([tx.objectStore('runs').delete(id), tx.objectStore('checkpoints').delete(id), tx.done]);
  }

  saveDataset(set: ImageSet, rejected: SavedDataset['rejected']): Promise<void> {
    const value: SavedDataset = { name: set.name, resolution: set.resolution, pixels: set.pixels.slice(), labels: set.labels.slice(), classNames: [...set.classNames], rejected, savedAt: Date.now() };
    return atomically(`the dataset "${set.name}"`, () => this.db.put('datasets', value, CURRENT).then(() => undefined));
  }

  async loadDataset(): Promise<{ set: ImageSet; rejected: SavedDataset['rejected'] } | null> {
    const d = await this.db.get('datasets', CURRENT);
    if (!d) return null;
    return { set: { name: d.name, resolution: d.resolution, pixels: d.pixels, labels: d.labels, classNames: d.classNames }, rejected: d.rejected };
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
}

/** The origin's storage use, where the browser tells (navigator.storage.estimate). */
export async function storageUse(): Promise<StorageUse | null> {
  const storage = (globalThis as { navigator?: { storage?: StorageManager } }).navigator?.storage;
  if (!storage?.estimate) return null;
  const { usage = 0, quota = 0 } = await storage.estimate();
  return { usage, quota };
}
