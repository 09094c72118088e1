import { defaultConfig, type TrainConfig } from '../../core/config';
import { classCounts, type ImageSet } from '../../core/data/imageSet';
import type { MethodId } from '../../core/methods/types';
import { ingestFiles, type FileEntry } from '../../ingest/ingest';
import { loadSample } from '../../ingest/sample';
import type { BackendRequest, WorkerEvent } from '../../worker/protocol';
import { TrainingClient } from '../../worker/trainingClient';
import { addEvaluation, applyRunDelta, reportError, useLab, type Rejection } from './labStore';
import type { Experiment } from './urlParams';

const MEMORY_POLL_MS = 2000;

/**
 * The main-thread controller: owns the training worker client and turns user intents
 * (load data, start, pause…) into worker calls and store updates. Components call these.
 */
class LabController {
  private client: TrainingClient | null = null;
  private experiment: Experiment | null = null;
  private autostartPending = false;
  private memoryTimer: ReturnType<typeof setInterval> | null = null;
  private ingestAbort: AbortController | null = null;
  private lastFolder: { entries: FileEntry[]; name: string } | null = null; // to re-decode at another resolution

  async boot(exp: Experiment): Promise<void> {
    this.experiment = exp;
    this.autostartPending = exp.autostart && exp.methods.length > 0;
    await this.connect(exp.backend);
    if (exp.dataset === 'sample') await this.loadSample();
  }

  get resolution(): number {
    return useLab.getState().dataset?.resolution ?? this.experiment?.resolution ?? defaultConfig.resolution;
  }

  /** Restart the worker on another backend; the dataset is re-uploaded, runs start afresh. */
  async switchBackend(request: BackendRequest): Promise<void> {
    const images = useLab.getState().images;
    const dataset = useLab.getState().dataset;
    this.client?.terminate();
    useLab.setState({ runs: [], curves: {}, visualizations: {}, evaluations: {}, baseline: null, backend: null });
    await this.connect(request);
    if (images && dataset) await this.useDataset(images, dataset.rejected);
  }

  /** Re-decode the current data at another resolution (the user's folder, or the sample). */
  async reloadAt(resolution: number): Promise<void> {
    if (this.lastFolder) await this.loadEntries(this.lastFolder.entries, this.lastFolder.name, resolution);
    else await this.loadSample(resolution);
  }

  async loadSample(resolution = this.resolution): Promise<void> {
    this.lastFolder = null;
    try {
      await this.useDataset(await loadSample(resolution), []);
    } catch (e) {
      reportError(`Could not load the sample dataset: ${message(e)}`);
    }
  }

  /** Decode a dropped or picked folder in the decode worker pool, then hand it to training. */
  async loadEntries(entries: FileEntry[], name: string, resolution = this.resolution): Promise<void> {
    this.ingestAbort?.abort();
    this.lastFolder = { entries, name };
    const abort = (this.ingestAbort = new AbortController());
    useLab.setState({ ingest: { done: 0, total: entries.length, rejected: 0 } });
    try {
      const { set, rejected } = await ingestFiles(entries, {
        resolution,
        name,
        signal: abort.signal,
        onProgress: (p) => useLab.setState({ ingest: p }),
      });
      if (set.labels.length === 0) {
        useLab.setState({ dataset: { ...emptyInfo(name, resolution), rejected } });
        reportError(`No usable images in "${name}": ${rejected.length} file(s) were rejected (see the list).`);
        return;
      }
      await this.useDataset(set, rejected);
    } catch (e) {
      if (!abort.signal.aborted) reportError(`Loading "${name}" failed: ${message(e)}`);
    } finally {
      if (this.ingestAbort === abort) useLab.setState({ ingest: null });
    }
  }

  cancelIngest(): void {
    this.ingestAbort?.abort();
  }

  async start(method: MethodId, cfg: TrainConfig): Promise<void> {
    const status = await this.need().start(method, cfg);
    applyRunDelta(status, []);
  }

  pause = (id: string) => this.need().pause(id);
  resume = (id: string) => this.need().resume(id);
  stop = (id: string) => this.need().stop(id);

  async remove(id: string): Promise<void> {
    await this.need().remove(id);
    useLab.setState((s) => ({ runs: s.runs.filter((r) => r.id !== id) }));
  }

  async visualize(id: string): Promise<void> {
    const viz = await this.need().visualize(id);
    useLab.setState((s) => ({ visualizations: { ...s.visualizations, [id]: viz } }));
  }

  /** Probe the run's encoder now; the result arrives as an evaluation event. */
  evaluate = (id: string) => this.need().evaluate(id);

  /** Train the supervised-from-scratch reference at every label budget (streams points into the store). */
  async scratchBaseline(cfg: TrainConfig): Promise<void> {
    useLab.setState({ baseline: { points: [], running: true } });
    try {
      await this.need().scratchBaseline(cfg);
    } catch (e) {
      useLab.setState({ baseline: null });
      reportError(`The supervised baseline failed: ${message(e)}`);
    }
  }

  /** The run config an experiment link asks for. */
  experimentConfig(): TrainConfig {
    const e = this.experiment;
    return e ? { ...defaultConfig, resolution: this.resolution, steps: e.steps, batchSize: e.batchSize, seed: e.seed } : { ...defaultConfig };
  }

  private async connect(request: BackendRequest): Promise<void> {
    this.client = new TrainingClient((e) => this.onEvent(e));
    try {
      useLab.setState({ backend: await this.client.init(request) });
    } catch (e) {
      reportError(`No TensorFlow.js backend could start: ${message(e)}`);
    }
    if (this.memoryTimer) clearInterval(this.memoryTimer);
    this.memoryTimer = setInterval(() => {
      this.client?.memory().then((memory) => useLab.setState({ memory }), () => {});
    }, MEMORY_POLL_MS);
  }

  private async useDataset(set: ImageSet, rejected: Rejection[]): Promise<void> {
    const { set: back, split } = await this.need().setDataset(set);
    useLab.setState({
      images: back,
      runs: [],
      curves: {},
      visualizations: {},
      evaluations: {},
      baseline: null,
      dataset: {
        name: back.name,
        images: back.labels.length,
        classes: back.classNames,
        counts: classCounts(back),
        resolution: back.resolution,
        split,
        rejected,
      },
    });
    if (this.autostartPending) {
      this.autostartPending = false;
      for (const m of this.experiment!.methods) await this.start(m, this.experimentConfig());
    }
  }

  private onEvent(e: WorkerEvent): void {
    if (e.type === 'run') applyRunDelta(e.status, e.points);
    else if (e.type === 'evaluation') addEvaluation(e.evaluation);
    else if (e.type === 'baseline') useLab.setState({ baseline: { points: e.points, running: !e.done } });
    else if (e.type === 'memory') useLab.setState({ memory: e.memory });
    else if (e.type === 'error') reportError(e.message);
  }

  private need(): TrainingClient {
    if (!this.client) throw new Error('The training worker is not running.');
    return this.client;
  }
}

function emptyInfo(name: string, resolution: number) {
  return { name, images: 0, classes: [], counts: [], resolution, split: { train: 0, test: 0 } };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const lab = new LabController();
