import type { TrainConfig } from '../../core/config';
import { errorMessage } from '../../core/errors';
import type { MethodId } from '../../core/methods/catalog';
import { isLive } from '../../core/train/runState';
import type { Classification, ClassifierKind, TrainerEvent } from '../../core/train/types';
import type { TrainingPort } from '../../worker/contract';
import type { Datasets } from './datasets';
import type { TrainingWorker } from './trainingWorker';
import { datasetKey, sameDataset, type Persistence } from './persistence';
import type { RunBundle } from '../../storage/runZip';
import { recipeKey } from './recipeKey';
import { uniqueId } from './runIds';
import {
  addEvaluation,
  applyRunDelta,
  forgetRun,
  reportError,
  runOpened,
  setBaseline,
  setFinetune,
  setRunMeta,
  setVisualization,
  useStore,
  type FinetuneKind,
} from './store';
import type { Tabs } from './tabs';

const trainingElsewhere = (name: string) => `${name} is training in another tab of the lab: stop it there to use it here.`;

/** The runs' job: turn the user's intents (start, pause, open, probe…) into trainer calls, and its events into the page. */
export class Runs {
  constructor(
    private readonly worker: TrainingWorker,
    private readonly persistence: Persistence,
    private readonly tabs: Tabs,
    private readonly datasets: Datasets, // runs start on its complete dataset (the sample's pool too)
  ) {}

  /** Start a run on the page's dataset, at its resolution (Run again on a run of another dataset too); its status comes as events. */
  async start(method: MethodId, settings: TrainConfig): Promise<string> {
    await this.datasets.settled();
    if (!useStore.getState().dataset) throw new Error('Load a dataset first.');
    void this.persistence.askPersistence();
    const [id] = await this.persistence.reserveIds((taken) => [uniqueId(method, taken)]); // unique in every tab
    await this.tabs.take(id);
    await this.datasets.whileCurrent(async () => {
      const dataset = useStore.getState().dataset;
      if (!dataset) throw new Error('Load a dataset first.');
      setRunMeta(id, { name: id, dataset: datasetKey(dataset), checkpointStep: null, onDisk: false });
      const cfg = { ...settings, resolution: dataset.resolution };
      await this.worker.call((port) => port.start(method, cfg, id), `starting ${id}`);
    });
    return id;
  }

  /**
   * Train the run's recipe (its method and settings) with further seeds until `count` seeds of it are on this
   * dataset, so its probe is reported as a mean and a spread; the new seeds follow the largest one taken.
   */
  async repeat(id: string, count: number): Promise<void> {
    const s = useStore.getState();
    const run = s.runs.find((r) => r.id === id);
    if (!run) throw new Error(`No run ${id}.`);
    const key = s.runMeta[id]?.dataset;
    const seeds = s.runs
      .filter((r) => recipeKey(r) === recipeKey(run) && (!key || !s.runMeta[r.id] || sameDataset(s.runMeta[r.id].dataset, key)))
      .map((r) => r.config.seed);
    for (let seed = Math.max(...seeds) + 1, k = seeds.length; k < count; k++, seed++) await this.start(run.method, { ...run.config, seed });
  }

  pause = (id: string) => this.here(id, (port) => port.pause(id));
  stop = (id: string) => this.here(id, (port) => port.stop(id));

  /** A control of a live run: refused when another tab trains it (shown here from disk, live) — its controls are there. */
  private here<T>(id: string, f: (port: TrainingPort) => Promise<T>): Promise<T> {
    const s = useStore.getState();
    const run = s.runs.find((r) => r.id === id);
    if (run && isLive(run.state) && this.onDisk(id)) return Promise.reject(new Error(trainingElsewhere(s.runMeta[id].name)));
    return this.worker.call(f);
  }

  /** Resume a paused or stopped run; a run kept on disk is first restored from its last checkpoint. */
  resume(id: string): Promise<void> {
    return this.datasets.whileCurrent(() =>
      this.worker.call(async (port) => {
        await this.openOn(port, id);
        await port.resume(id);
      }, `resuming ${id}`),
    );
  }

  /** Load a run kept on disk into the worker from its last checkpoint (for its views, probes and resume). */
  open(id: string): Promise<void> {
    return this.datasets.whileCurrent(() => this.worker.call((port) => this.openOn(port, id), `opening ${id}`));
  }

  /**
   * Into this tab's worker: taken from another tab that holds it (refused while it trains there), then read from
   * disk afresh (its record, curves and checkpoint from one save) and restored from its checkpoint.
   */
  private async openOn(port: TrainingPort, id: string): Promise<void> {
    const s = useStore.getState();
    const meta = s.runMeta[id];
    if (!meta) throw new Error(`${id} is no longer listed: it was deleted, or the lab is listing its runs again.`);
    if (!meta.onDisk || !s.runs.some((r) => r.id === id)) return;
    const d = meta.dataset;
    if (!s.dataset || !sameDataset(datasetKey(s.dataset), d)) {
      throw new Error(`${meta.name} was trained on "${d.name}" (${d.images} images at ${d.resolution} px): load that dataset to use it.`);
    }
    await this.take(id, meta.name);
    let bundle: RunBundle | undefined;
    try {
      bundle = await this.persistence.bundle(id);
      if (!bundle) throw new Error(`${meta.name} was deleted in another tab.`);
      this.persistence.show(bundle.run);
      const status = useStore.getState().runs.find((r) => r.id === id)!;
      runOpened(id, bundle.checkpoint?.step ?? 0); // held here from now: the restored status comes as an event
      await port.restore(status, bundle.checkpoint);
    } catch (e) {
      if (bundle) this.persistence.show(bundle.run); // back on disk
      if (this.onDisk(id)) this.tabs.release(id);
      throw e;
    }
  }

  /** Hold the run in this tab (another tab hands it over unless it trains it). */
  private async take(id: string, name: string): Promise<void> {
    if (!(await this.tabs.take(id))) throw new Error(trainingElsewhere(name));
  }

  /**
   * Another tab asks for a run this tab holds: unless it trains here, it leaves the worker (saved first) and is
   * shown from disk, and its lock is freed once the pending saves are written.
   */
  async handOver(id: string): Promise<void> {
    const run = useStore.getState().runs.find((r) => r.id === id);
    if (!run || isLive(run.state) || this.onDisk(id)) return;
    await this.worker.call((port) => port.remove(id)).catch(() => {});
    await this.persistence.flush();
    const bundle = await this.persistence.bundle(id);
    if (bundle) this.persistence.show(bundle.run);
  }

  /** Remove a run from the page and from storage at once, then from the worker (which may be busy in a step). */
  async remove(id: string): Promise<void> {
    const held = !this.onDisk(id);
    if (!held) await this.take(id, useStore.getState().runMeta[id]?.name ?? id); // not while another tab trains it
    forgetRun(id);
    await Promise.all([this.persistence.remove(id), held && this.worker.call((port) => port.remove(id)).catch(() => {})]);
    this.tabs.release(id); // deleted everywhere: its lock (when taken for the deletion) is of no use
  }

  async rename(id: string, name: string): Promise<void> {
    const clean = name.trim().slice(0, 200);
    const meta = useStore.getState().runMeta[id];
    if (!clean || !meta) return;
    setRunMeta(id, { ...meta, name: clean });
    await this.persistence.rename(id, clean);
  }

  async visualize(id: string): Promise<void> {
    if (this.onDisk(id)) {
      if (useStore.getState().visualizations[id]) return; // the snapshot saved with the run
      throw new Error('This run is on disk: open it to see what it learned.');
    }
    setVisualization(id, await this.worker.call((port) => port.visualize(id)));
    this.persistence.mark(id);
  }

  /** Probe the run's encoder now; the result arrives as an evaluation event. */
  evaluate(id: string) {
    return this.worker.call(async (port) => {
      await this.openOn(port, id);
      return port.evaluate(id);
    });
  }

  /** The run's current weights, its method's state and (`classifier`) its probe; a run on disk is opened first. */
  exportable(id: string, classifier: boolean) {
    return this.worker.call(async (port) => {
      await this.openOn(port, id);
      return port.exportable(id, classifier);
    }, `exporting ${id}`);
  }

  /** Train the supervised-from-scratch reference at every label budget (streams points into the store). */
  async scratchBaseline(cfg: TrainConfig): Promise<void> {
    setBaseline({ points: [], running: true });
    try {
      await this.worker.call((port) => port.scratchBaseline(cfg), 'the supervised baseline');
    } catch (e) {
      setBaseline(null);
      reportError(`The supervised baseline failed: ${errorMessage(e)}`);
    }
  }

  /** Fine-tune the run at every label budget (`semi`: semi-supervised; `steps` per budget, default the app's); the points stream into the store. */
  finetune(id: string, kind: FinetuneKind, steps?: number): Promise<void> {
    setFinetune(id, kind, { points: [], running: true });
    return this.worker
      .call(async (port) => {
        await this.openOn(port, id);
        await port.finetune(id, kind, steps);
      }, `fine-tuning ${id}`)
      .catch((e: unknown) => {
        setFinetune(id, kind, null);
        reportError(`Fine-tuning ${id} failed: ${errorMessage(e)}`);
      });
  }

  /** Class probabilities of `count` images (RGB bytes at the dataset's resolution) from one of the run's classifiers. */
  classify(id: string, kind: ClassifierKind, pixels: Uint8Array, count: number): Promise<Classification> {
    return this.worker.call(async (port) => {
      await this.openOn(port, id);
      return port.classify(id, kind, pixels, count);
    }, `classifying with ${id}`);
  }

  /** What the trainer reports about runs, onto the page (the app passes only the runs this worker holds; storage hears the same). */
  handle(e: TrainerEvent): void {
    if (e.type === 'run') applyRunDelta(e.status, e.points);
    else if (e.type === 'evaluation') addEvaluation(e.evaluation);
    else if (e.type === 'baseline') setBaseline({ points: e.points, running: !e.done });
    else if (e.type === 'finetune')
      setFinetune(e.runId, e.kind, { points: e.points, running: !e.done, ...(e.result && { result: e.result }) });
  }

  private onDisk(id: string): boolean {
    return useStore.getState().runMeta[id]?.onDisk ?? false;
  }
}
