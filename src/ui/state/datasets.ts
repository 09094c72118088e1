import { classCounts, withUnlabelled, type ImageSet } from '../../core/data/imageSet';
import { errorMessage } from '../../core/errors';
import { ingestFiles, type FileEntry } from '../../ingest/ingest';
import { loadSample } from '../../ingest/sample';
import { loadSamplePool } from '../../ingest/samplePool';
import type { Connection } from './connection';
import type { Persistence } from './persistence';
import { growDataset, reportError, setDatasetInfo, setIngest, setPool, showDataset, useStore, type DatasetInfo, type Rejection } from './store';

/** The dataset's job: decode a folder or the sample, put it in the worker, show it, keep the user's own. */
export class Datasets {
  private ingestAbort: AbortController | null = null;
  private lastFolder: { entries: FileEntry[]; name: string } | null = null; // to re-decode at another resolution
  private pool: { abort: AbortController; done: Promise<void> } | null = null; // the sample's unlabelled pool, loading

  constructor(
    private readonly connection: Connection,
    private readonly saved: Persistence,
    private readonly startResolution: () => number, // before any dataset: the experiment link's
    private readonly onReady: () => Promise<void>, // after a dataset is in the worker and on the page (again when it grows)
    private readonly withPool: () => boolean = () => true, // whether the sample brings its unlabelled pool (?pool=none: no)
  ) {}

  /** Resolves once the dataset is complete: the sample's pool has joined it, failed or was left out. Runs start after it. */
  settled(): Promise<void> {
    return this.pool?.done ?? Promise.resolve();
  }

  get resolution(): number {
    return useStore.getState().dataset?.resolution ?? this.startResolution();
  }

  /** Re-decode the current data at another resolution (the user's folder, or the sample). */
  async reloadAt(resolution: number): Promise<void> {
    if (this.lastFolder) await this.loadEntries(this.lastFolder.entries, this.lastFolder.name, resolution);
    else await this.loadSample(resolution);
  }

  /** The labelled sample at once (the page is usable), then its unlabelled pool in the background, with progress. */
  async loadSample(resolution = this.resolution): Promise<void> {
    this.lastFolder = null;
    this.stopPool();
    try {
      const sample = await this.put(await loadSample(resolution), []);
      if (this.withPool()) this.pool = this.startPool(sample); // before onReady: a run it starts waits for the pool
      await this.onReady();
      await this.saved.clearDataset(); // the sample comes from the app itself: nothing to keep
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
        const { set, split } = await this.connection.need().extendDataset(withUnlabelled(sample, pool));
        if (abort.signal.aborted) return;
        growDataset(set, { ...datasetInfo(set, split), rejected });
        await this.onReady();
      } catch (e) {
        if (!abort.signal.aborted) reportError(`The sample's unlabelled pool could not be loaded (${errorMessage(e)}): its 2,000 labelled photos still train.`);
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
    this.ingestAbort?.abort();
    this.stopPool();
    this.lastFolder = { entries, name };
    const abort = (this.ingestAbort = new AbortController());
    setIngest({ done: 0, total: entries.length, rejected: 0 });
    try {
      const { set, rejected } = await ingestFiles(entries, { resolution, name, signal: abort.signal, onProgress: setIngest });
      if (set.labels.length === 0) {
        setDatasetInfo({ name, images: 0, classes: [], counts: [], resolution, split: { train: 0, test: 0 }, rejected });
        reportError(`No usable images in "${name}": ${rejected.length} file(s) were rejected (see the list).`);
        return;
      }
      await this.saved.saveDataset(await this.use(set, rejected), rejected);
    } catch (e) {
      if (!abort.signal.aborted) reportError(`Loading "${name}" failed: ${errorMessage(e)}`);
    } finally {
      if (this.ingestAbort === abort) setIngest(null);
    }
  }

  cancelIngest(): void {
    this.ingestAbort?.abort();
  }

  /** Put a dataset in the worker (the pixels come back) and on the page, then its runs; returns it as it came back. */
  async use(set: ImageSet, rejected: Rejection[]): Promise<ImageSet> {
    const back = await this.put(set, rejected);
    await this.onReady();
    return back;
  }

  private async put(set: ImageSet, rejected: Rejection[]): Promise<ImageSet> {
    const { set: back, split } = await this.connection.need().setDataset(set);
    showDataset(back, { ...datasetInfo(back, split), rejected });
    return back;
  }

  /** The page's dataset again, to a new worker (after a crash or a backend switch). */
  async reupload(): Promise<void> {
    const { images, dataset } = useStore.getState();
    if (images && dataset) await this.use(images, dataset.rejected);
  }
}

function datasetInfo(set: ImageSet, split: DatasetInfo['split']): Omit<DatasetInfo, 'rejected'> {
  return { name: set.name, images: set.labels.length, classes: set.classNames, counts: classCounts(set), resolution: set.resolution, split };
}
