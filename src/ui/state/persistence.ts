import type { ImageSet } from '../../core/data/imageSet';
import { errorMessage } from '../../core/errors';
import { isLive } from '../../core/train/runState';
import type { Checkpoint, CurvePoint, RunStatus, TrainerEvent } from '../../core/train/types';
import type { DatasetKey, SavedRun } from '../../storage/db';
import { askPersistence, RunStore, StorageFullError, storageUse } from '../../storage/runStore';
import { isTextBundle, type AnyBundle, type TextRunBundle } from '../../storage/runZip';
import { patchRunMeta, reportError, setStorage, showSavedRun, useStore, type Rejection } from './store';
import type { TabMessage } from './tabs';

/** Curve-only changes are saved at most this often; state changes and checkpoints are saved at once. */
const SAVE_EVERY_MS = 3000;

export function datasetKey(d: DatasetKey): DatasetKey {
  return { name: d.name, images: d.images, resolution: d.resolution, ...(d.fingerprint && { fingerprint: d.fingerprint }) };
}

/** Runs of the same dataset compare (scored on the same test images); a key saved without a fingerprint matches on the rest. */
export function sameDataset(a: DatasetKey, b: DatasetKey): boolean {
  return (
    a.name === b.name &&
    a.images === b.images &&
    a.resolution === b.resolution &&
    (!a.fingerprint || !b.fingerprint || a.fingerprint === b.fingerprint)
  );
}

/**
 * The main thread's side of persistence: saves what the worker reports (statuses, curves, checkpoints,
 * evaluations, the last visualization) into IndexedDB, throttled, one transaction per run save, in order.
 * Other tabs are told what was written (`tell`). A save the browser refuses (quota) stays pending: the run
 * trains on in memory, and the save is tried again with its next change or once a run is deleted.
 */
export class Persistence {
  private store: Promise<RunStore | null> | null = null; // opened on first use
  private readonly dirty = new Set<string>();
  private readonly checkpoints = new Map<string, Checkpoint>(); // newest not yet written, per run
  private readonly texts = new Map<string, TextRunBundle>(); // ended text runs not yet written
  private readonly states = new Map<string, RunStatus['state']>();
  // per run: the curve array on disk and how many of its points (curves grow in place; a cut curve is a new array)
  private readonly stored = new Map<string, { curve: readonly CurvePoint[]; count: number }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly refused = new Set<string>(); // runs whose last save the browser refused (quota)
  private full = false;
  private askedPersistence = false;

  constructor(private readonly tell: (m: TabMessage) => void = () => {}) {}

  /** A run read from disk goes on the page (on disk only); its curve is stored up to its current length. */
  show(run: SavedRun, liveElsewhere = false): void {
    this.stored.set(run.id, { curve: run.curves, count: run.curves.length });
    showSavedRun(run, liveElsewhere);
  }

  /** What the trainer reports, saved: a status delta (a state change at once, curve growth within SAVE_EVERY_MS), a checkpoint, an evaluation. */
  handle(e: TrainerEvent): void {
    if (e.type === 'run') this.runChanged(e.status);
    else if (e.type === 'checkpoint') this.checkpoint(e.checkpoint);
    else if (e.type === 'evaluation') this.mark(e.evaluation.runId, true);
  }

  private runChanged(status: RunStatus): void {
    const urgent = this.states.get(status.id) !== status.state;
    this.states.set(status.id, status.state);
    this.mark(status.id, urgent);
  }

  private checkpoint(cp: Checkpoint): void {
    this.checkpoints.set(cp.runId, cp);
    this.mark(cp.runId, true);
  }

  /** An ended text run and its weights, saved at once (a refused save is tried again like an image run's). */
  saveText(b: TextRunBundle): void {
    this.texts.set(b.run.id, b);
    this.mark(b.run.id, true);
  }

  mark(id: string, urgent = false): void {
    this.dirty.add(id);
    if (urgent) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), SAVE_EVERY_MS);
  }

  /** Write every pending run; resolves when they are on disk (or failed and reported). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ids = [...this.dirty];
    this.dirty.clear();
    return this.enqueue(async (store) => {
      for (const id of ids) await this.write(store, id);
      void this.refreshUse();
    }, undefined);
  }

  listRuns = () => this.enqueue((s) => s.listRuns(), []);
  getCheckpoint = (id: string) => this.enqueue((s) => s.getCheckpoint(id), undefined);
  loadDataset = () => this.enqueue((s) => s.loadDataset(), null);
  clearDataset = () => this.enqueue((s) => s.clearDataset(), undefined);
  bundle = (id: string) => this.enqueue((s) => s.getBundle(id), undefined);
  entry = (id: string) => this.enqueue((s) => s.getEntry(id), undefined);
  listTextRuns = () => this.enqueue((s) => s.listTextRuns(), []);

  async rename(id: string, name: string): Promise<void> {
    await this.enqueue((s) => s.rename(id, name), undefined);
    this.tell({ type: 'renamed', id, name });
  }

  /**
   * New run ids, unique in every tab of this browser and never given out before: `pick` gets the ids taken
   * (IndexedDB's and the page's) and returns the new ones. Without storage, only the page's ids count.
   */
  reserveIds(pick: (taken: string[]) => string[]): Promise<string[]> {
    const s = useStore.getState();
    const onPage = [...s.runs.map((r) => r.id), ...Object.keys(s.runMeta)];
    return this.enqueue((store) => store.reserveIds(pick, onPage), null).then((ids) => ids ?? pick(onPage));
  }

  /** Forget a run: pending writes are dropped and its record and checkpoint deleted; a save refused for lack of room is tried again. */
  async remove(id: string): Promise<void> {
    this.forget(id);
    await this.enqueue((s) => s.deleteRun(id), undefined);
    this.tell({ type: 'deleted', id });
    if (this.refused.size) await this.flush();
  }

  /** Drop what this page had pending for a run (another tab deleted it). */
  forget(id: string): void {
    for (const m of [this.dirty, this.checkpoints, this.texts, this.states, this.stored, this.refused]) m.delete(id);
  }

  saveDataset(set: ImageSet, rejected: Rejection[]): Promise<void> {
    return this.enqueue((s) => s.saveDataset(set, rejected).catch((e: unknown) => this.failed(e, 'the dataset')), undefined);
  }

  /** Store imported runs, each with its checkpoint: all of them or, when a write fails, none. */
  importBundles(bundles: AnyBundle[]): Promise<void> {
    return this.enqueue(async (s) => {
      const saved: string[] = [];
      try {
        for (const b of bundles) {
          await (isTextBundle(b) ? s.saveTextRun(b.run, b.checkpoint ?? undefined) : s.saveRun(b.run, b.checkpoint ?? undefined));
          saved.push(b.run.id);
        }
      } catch (e) {
        for (const id of saved) await s.deleteRun(id); // all of the zip or none of it (a full disk fails part-way)
        throw e;
      }
      for (const id of saved) this.tell({ type: 'saved', id });
      void this.refreshUse();
    }, undefined);
  }

  /** Run records with their checkpoints, as written (pending saves first). */
  async bundles(ids: string[]): Promise<AnyBundle[]> {
    await this.flush();
    return this.enqueue(async (s) => {
      const out: AnyBundle[] = [];
      for (const id of ids) {
        const b = await s.getEntry(id);
        if (b) out.push(b);
      }
      return out;
    }, []);
  }

  async refreshUse(): Promise<void> {
    setStorage(await storageUse().catch(() => null));
  }

  /** Ask the browser (once: with the first run started) to keep the lab's storage when space runs low; the storage line says whether it does. */
  async askPersistence(): Promise<void> {
    if (this.askedPersistence) return;
    this.askedPersistence = true;
    await askPersistence();
    await this.refreshUse();
  }

  /** Runs `f` after every storage call queued before it (a message from another tab is handled in its turn). */
  enqueue<T>(f: (store: RunStore) => Promise<T>, fallback: T): Promise<T> {
    const next = this.chain.then(async () => {
      const store = await this.open();
      return store ? f(store) : fallback;
    });
    this.chain = next.catch(() => {});
    return next;
  }

  private open(): Promise<RunStore | null> {
    this.store ??= RunStore.open().catch((e: unknown) => {
      reportError(`Runs cannot be kept in this browser (IndexedDB is unavailable: ${errorMessage(e)}).`);
      return null;
    });
    return this.store;
  }

  private async write(store: RunStore, id: string): Promise<void> {
    const text = this.texts.get(id);
    if (text) return this.attempt(id, store.saveTextRun(text.run, text.checkpoint ?? undefined), () => this.texts.delete(id));
    const record = recordOf(id);
    if (!record) return; // removed meanwhile
    const cp = this.checkpoints.get(id);
    const stored = this.stored.get(id);
    const from = stored?.curve === record.curves ? Math.min(stored.count, record.curves.length) : 0;
    const count = record.curves.length;
    await this.attempt(id, store.saveRun(record, cp, from), () => {
      this.stored.set(id, { curve: record.curves, count });
      if (cp && this.checkpoints.get(id) === cp) this.checkpoints.delete(id);
      if (cp) patchRunMeta(id, { checkpointStep: cp.step });
    });
  }

  /** One run's save: once written, `saved` and the other tabs are told; a refused one (quota) is tried again with the next flush. */
  private async attempt(id: string, save: Promise<void>, saved: () => void): Promise<void> {
    try {
      await save;
      saved();
      this.refused.delete(id);
      this.full = false;
      this.tell({ type: 'saved', id });
    } catch (e) {
      if (e instanceof StorageFullError) {
        this.refused.add(id);
        this.dirty.add(id); // written with the next flush
      }
      this.failed(e, `run ${id}`);
    }
  }

  /** A refused save is said once until a save succeeds again, with the runs the user could delete or export. */
  private failed(e: unknown, what: string): void {
    if (e instanceof StorageFullError) {
      if (!this.full) reportError(`${e.message} ${roomAdvice()}`);
      this.full = true;
    } else reportError(`Saving ${what} failed: ${errorMessage(e)}`);
  }
}

/** What to delete or export: the oldest runs on the page that are not training (the page lists them oldest first). */
function roomAdvice(): string {
  const s = useStore.getState();
  const names = s.runs
    .filter((r) => !isLive(r.state) && s.runMeta[r.id])
    .slice(0, 3)
    .map((r) => s.runMeta[r.id].name);
  const which = names.length ? ` (the oldest: ${names.join(', ')})` : '';
  return `The runs keep training in this tab and are saved once there is room: export the runs you want to keep, then delete them${which} in Your runs.`;
}

/** A run's record as the page knows it now. */
function recordOf(id: string): SavedRun | null {
  const s = useStore.getState();
  const status = s.runs.find((r) => r.id === id);
  const meta = s.runMeta[id];
  if (!status || !meta) return null;
  return {
    id,
    name: meta.name,
    status,
    curves: s.curves[id] ?? [],
    evaluations: s.evaluations[id] ?? [],
    dataset: meta.dataset,
    checkpointStep: meta.checkpointStep,
    visualization: s.visualizations[id],
    savedAt: Date.now(),
  };
}
