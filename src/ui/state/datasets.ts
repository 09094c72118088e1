import { defaultConfig } from '../../core/config';
import { classCounts, withUnlabelled, type ImageSet } from '../../core/data/imageSet';
import { errorMessage } from '../../core/errors';
import { fingerprint } from '../../core/data/fingerprint';
import type { RunStatus } from '../../core/train/types';
import { ingestFiles, type FileEntry } from '../../ingest/ingest';
import { loadSample } from '../../ingest/sample';
import { loadSamplePool } from '../../ingest/samplePool';
import type { TrainingPort } from '../../worker/contract';
import { suspendLiveRuns } from './suspend';
import type { TrainingWorker } from './trainingWorker';
import { datasetKey, sameDataset, type Persistence } from './persistence';
import {
  growDataset,
  reportError,
  setDatasetInfo,
  setIngest,
  setPool,
  showDataset,
  useStore,
  type DatasetInfo,
  type Rejection,
  type RunMeta,
} from './store';

/**
 * The dataset's job: decode a folder or the sample, put it in the worker, show it, keep the user's own.
 * Loads may overlap (a folder picked while the sample still loads): the newest one asked for wins, an older one
 * that finishes later is dropped, and datasets go to the worker one at a time, in order.
 */
export class Datasets {
  private ingestAbort: AbortController | null = null;
  // where the page's dataset came from: a folder's files are decoded again at another resolution, a kept one cannot be
  private source: { entries: FileEntry[]; name: string } | 'sample' | 'kept' | null = null;
  private latest = 0; // ticket of the newest load asked for
  private swaps: Promise<unknown> = Promise.resolve(); // datasets going to the worker, in order
  private pool: { abort: AbortController; done: Promise<void> } | null = null; // the sample's unlabelled pool, loading

  private readonly listeners: (() => Promise<void>)[] = [];
  private readonly shownListeners: (() => Promise<void>)[] = [];
  startResolution = defaultConfig.resolution; // before any dataset: the experiment link's
  withPool = true; // whether the sample brings its unlabelled pool (?pool=none: no)

  constructor(
    private readonly worker: TrainingWorker,
    private readonly persistence: Persistence,
  ) {}

  /** `f` runs after each dataset is in the worker and on the page (again when it grows), in turn with the others. */
  whenReady(f: () => Promise<void>): void {
    this.listeners.push(f);
  }

  private async onReady(): Promise<void> {
    for (const f of this.listeners) await f();
  }

  /**
   * `f` runs as each new dataset goes on the page, within its turn: the runs the page lists come back (from storage)
   * before any run is started, opened or resumed on it.
   */
  whenShown(f: () => Promise<void>): void {
    this.shownListeners.push(f);
  }

  /** Resolves once the dataset is complete: the sample's pool has joined it, failed or was left out. Runs start after it. */
  settled(): Promise<void> {
    return this.pool?.done ?? Promise.resolve();
  }

  /**
   * `f` in turn with datasets going to the worker: no dataset replaces the page's while `f` puts a run there, so a run
   * never lands in the worker after its dataset has gone (where the page would not see it).
   */
  whileCurrent<T>(f: () => Promise<T>): Promise<T> {
    return this.inTurn(f);
  }

  get resolution(): number {
    return useStore.getState().dataset?.resolution ?? this.startResolution;
  }

  /** At boot: the dataset kept from last time, else the sample (`sample`); nothing when the user has picked one already. */
  async restore(sample: boolean): Promise<void> {
    if (this.latest > 0) return;
    const ticket = ++this.latest;
    const kept = await this.persistence.loadDataset();
    if (kept) {
      if (await this.use(kept.set, kept.rejected, ticket)) this.source = 'kept';
    } else if (sample && ticket === this.latest) await this.loadSample();
  }

  /** Re-decode the current data at another resolution (the user's folder, or the sample). */
  async reloadAt(resolution: number): Promise<void> {
    const { source } = this;
    const d = useStore.getState().dataset;
    if (source === 'kept' && d)
      reportError(`The images of "${d.name}" are kept at ${d.resolution} px only: open the folder again to use it at ${resolution} px.`);
    else if (source && source !== 'sample' && source !== 'kept') await this.loadEntries(source.entries, source.name, resolution);
    else await this.loadSample(resolution);
  }

  /** The labelled sample at once (the page is usable), then its unlabelled pool in the background, with progress. */
  async loadSample(resolution = this.resolution): Promise<void> {
    const ticket = ++this.latest;
    this.stopPool();
    try {
      const sample = await this.put(await loadSample(resolution), [], ticket, 'the sample dataset');
      if (!sample) return;
      this.source = 'sample';
      if (this.withPool) this.pool = this.startPool(sample); // before onReady: a run it starts waits for the pool
      await this.onReady();
      await this.persistence.clearDataset(); // the sample comes from the app itself: nothing to keep
    } catch (e) {
      reportError(`Could not load the sample dataset: ${errorMessage(e)}`);
    }
  }

  /** Decode the pool off the main thread and append it: the labelled split and the runs stay as they are. */
  private startPool(sample: ImageSet): { abort: AbortController; done: Promise<void> } {
    const abort = new AbortController();
    setPool({ done: 0, total: 0, rejected: 0 });
    const done = (async () => {
      try {
        const { set: pool, rejected } = await loadSamplePool(sample.resolution, undefined, { signal: abort.signal, onProgress: setPool });
        if (abort.signal.aborted) return;
        const { set, split } = await this.worker.call((port) => port.extendDataset(withUnlabelled(sample, pool)), 'the unlabelled pool');
        if (abort.signal.aborted) return;
        growDataset(set, { ...datasetInfo(set, split), rejected });
        await this.onReady();
      } catch (e) {
        if (!abort.signal.aborted)
          reportError(`The sample's unlabelled pool could not be loaded (${errorMessage(e)}): its 2,000 labelled photos still train.`);
      } finally {
        if (this.pool?.abort === abort) setPool(null);
      }
    })();
    return { abort, done };
  }

  private stopPool(): void {
    this.pool?.abort.abort();
    this.pool = null;
    setPool(null);
  }

  /** Decode a dropped or picked folder in the decode worker pool, then hand it to training. */
  async loadEntries(entries: FileEntry[], name: string, resolution = this.resolution): Promise<void> {
    const ticket = ++this.latest;
    this.ingestAbort?.abort();
    this.stopPool();
    const abort = (this.ingestAbort = new AbortController());
    setIngest({ done: 0, total: entries.length, rejected: 0 });
    try {
      const { set, rejected } = await ingestFiles(entries, { resolution, name, signal: abort.signal, onProgress: setIngest });
      if (set.labels.length === 0) {
        setDatasetInfo({ name, images: 0, classes: [], counts: [], resolution, fingerprint: '', split: { train: 0, test: 0 }, rejected });
        reportError(`No usable images in "${name}": ${rejected.length} file(s) were rejected (see the list).`);
        return;
      }
      if (this.ingestAbort === abort) setIngest(null);
      const back = await this.use(set, rejected, ticket, `“${name}”`);
      if (!back) return;
      this.source = { entries, name };
      await this.persistence.saveDataset(back, rejected);
    } catch (e) {
      if (!abort.signal.aborted) reportError(`Loading "${name}" failed: ${errorMessage(e)}`);
    } finally {
      if (this.ingestAbort === abort) setIngest(null);
    }
  }

  cancelIngest(): void {
    this.ingestAbort?.abort();
  }

  /**
   * Put a dataset in the worker (waiting for it to be up) and on the page, then its runs; returns it, or null when a
   * newer load (`ticket`) was asked for meanwhile.
   */
  async use(set: ImageSet, rejected: Rejection[], ticket?: number, what = 'the dataset'): Promise<ImageSet | null> {
    const back = await this.put(set, rejected, ticket, what);
    if (back) await this.onReady();
    return back;
  }

  /** `use` without the runs: one dataset at a time goes to the worker, a superseded one not at all. */
  private put(set: ImageSet, rejected: Rejection[], ticket: number | undefined, what: string): Promise<ImageSet | null> {
    return this.inTurn(() => (ticket === undefined || ticket === this.latest ? this.swap(set, rejected, what) : Promise.resolve(null)));
  }

  /** The page's dataset again, to a new worker (after a crash or a backend switch), before anyone else uses it. */
  async reupload(port: TrainingPort): Promise<void> {
    const { images, dataset } = useStore.getState();
    if (!images || !dataset) return;
    await this.swap(images, dataset.rejected, port);
    await this.onReady();
  }

  /**
   * The dataset to the worker (`port`, or the current one once it is up) and onto the page; runs training on the
   * previous one stop, kept where they are. The worker gets a copy: when it dies meanwhile (a crash), the same set
   * goes to the one that replaces it.
   */
  private async swap(set: ImageSet, rejected: Rejection[], to: TrainingPort | string): Promise<ImageSet> {
    const before = useStore.getState();
    const stopped: RunStatus[] = [];
    const send = async (port: TrainingPort) => {
      stopped.push(...(await suspendLiveRuns(port, this.persistence)));
      return (await port.setDataset({ ...set, pixels: set.pixels.slice() })).split;
    };
    const split = typeof to === 'string' ? await this.worker.call(send, to) : await send(to);
    showDataset(set, { ...datasetInfo(set, split), rejected });
    for (const f of this.shownListeners) await f();
    if (stopped.length && before.dataset) reportError(stoppedMessage(stopped, before.runMeta, set, before.dataset));
    return set;
  }

  private inTurn<T>(f: () => Promise<T>): Promise<T> {
    const next = this.swaps.then(f);
    this.swaps = next.catch(() => {});
    return next;
  }
}

/** What a new dataset did to the runs that trained on the old one, and what resuming them needs. */
function stoppedMessage(runs: RunStatus[], runMeta: Record<string, RunMeta>, set: ImageSet, old: DatasetInfo): string {
  const one = runs.length === 1;
  const list = runs.map((r) => `${runMeta[r.id]?.name ?? r.id} at step ${r.step}`).join(', ');
  const same = sameDataset(datasetKey(old), {
    name: set.name,
    images: set.labels.length,
    resolution: set.resolution,
    fingerprint: fingerprint(set),
  });
  const resume = same
    ? 'press Resume to continue'
    : `to resume ${one ? 'it' : 'them'}, load "${old.name}" (${old.images.toLocaleString('en-US')} images at ${old.resolution} px) again and press Resume`;
  return `Loading "${set.name}" stopped ${list}: ${one ? 'it is' : 'they are'} saved with ${one ? 'its' : 'their'} weights at that step; ${resume}.`;
}

function datasetInfo(set: ImageSet, split: DatasetInfo['split']): Omit<DatasetInfo, 'rejected'> {
  return {
    name: set.name,
    images: set.labels.length,
    classes: set.classNames,
    counts: classCounts(set),
    resolution: set.resolution,
    fingerprint: fingerprint(set),
    split,
  };
}
