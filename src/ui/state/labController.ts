import { defaultConfig, type TrainConfig } from '../../core/config';
import { classCounts, type ImageSet } from '../../core/data/imageSet';
import type { MethodId } from '../../core/methods/catalog';
import type { Checkpoint, RunStatus } from '../../core/train/types';
import type { SavedRun } from '../../storage/db';
import { runsFromZip } from '../../storage/runImport';
import { runsToZip } from '../../storage/runZip';
import { ingestFiles, type FileEntry } from '../../ingest/ingest';
import { loadSample } from '../../ingest/sample';
import type { BackendRequest, BackendName, WorkerEvent } from '../../worker/protocol';
import { TrainingClient } from '../../worker/trainingClient';
import { addEvaluation, applyRunDelta, reportError, useLab, type Rejection, type SavedMeta } from './labStore';
import { datasetKey, Persistence } from './persistence';
import { uniqueId } from './runIds';
import type { Experiment } from './urlParams';

const MEMORY_POLL_MS = 2000;
const LIVE: RunStatus['state'][] = ['running', 'queued', 'paused'];
/** Where a run goes after its WebGPU device is lost. */
const AFTER_DEVICE_LOSS: BackendName = 'wasm';
/** More worker restarts than this within a minute: stop restarting (the worker cannot start at all). */
const MAX_RESTARTS_PER_MINUTE = 3;

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
  private readonly saved = new Persistence();
  private backendRequest: BackendRequest = 'auto';
  private recovering = false;
  private restarts: number[] = []; // epoch ms of recent worker restarts

  async boot(exp: Experiment): Promise<void> {
    this.experiment = exp;
    this.autostartPending = exp.autostart && exp.methods.length > 0;
    void this.saved.refreshUse();
    await this.connect(exp.backend);
    const kept = await this.saved.loadDataset();
    if (kept) await this.useDataset(kept.set, kept.rejected);
    else if (exp.dataset === 'sample') await this.loadSample();
  }

  get resolution(): number {
    return useLab.getState().dataset?.resolution ?? this.experiment?.resolution ?? defaultConfig.resolution;
  }

  /**
   * Restart the worker on another backend; the dataset is re-uploaded and the runs come back from storage,
   * live ones as interrupted (resumable from their last checkpoint).
   */
  async switchBackend(request: BackendRequest): Promise<void> {
    const images = useLab.getState().images;
    const dataset = useLab.getState().dataset;
    await this.saved.flush();
    this.client?.terminate();
    this.client = null;
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
      await this.saved.clearDataset(); // the sample comes from the app itself: nothing to keep
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
      const back = await this.useDataset(set, rejected);
      await this.saved.saveDataset(back, rejected);
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
    const s = useLab.getState();
    const id = uniqueId(method, [...s.runs.map((r) => r.id), ...Object.keys(s.saved)]);
    setSaved(id, { name: id, dataset: datasetKey(s.dataset!), checkpointStep: null, dormant: false });
    const status = await this.need().start(method, cfg, id);
    applyRunDelta(status, []);
    this.saved.runChanged(status);
  }

  pause = (id: string) => this.need().pause(id);
  stop = (id: string) => this.need().stop(id);

  /** Resume a paused or stopped run; a run kept on disk is first restored from its last checkpoint. */
  async resume(id: string): Promise<void> {
    if (useLab.getState().saved[id]?.dormant) await this.open(id);
    await this.need().resume(id);
  }

  /** Load a run kept on disk into the worker from its last checkpoint (for its views, probes and resume). */
  async open(id: string): Promise<void> {
    const s = useLab.getState();
    const meta = s.saved[id];
    const run = s.runs.find((r) => r.id === id);
    if (!meta?.dormant || !run) return;
    const d = meta.dataset;
    if (!s.dataset || JSON.stringify(datasetKey(s.dataset)) !== JSON.stringify(d)) {
      throw new Error(`${meta.name} was trained on "${d.name}" (${d.images} images at ${d.resolution} px): load that dataset to open or resume it.`);
    }
    const cp: Checkpoint | null = (await this.saved.getCheckpoint(id)) ?? null;
    const status = await this.need().restore(run, cp);
    const step = cp?.step ?? 0;
    useLab.setState((st) => ({
      curves: { ...st.curves, [id]: (st.curves[id] ?? []).filter((p) => p.step <= step) }, // training replays from the checkpoint
      curveVersion: st.curveVersion + 1,
      saved: { ...st.saved, [id]: { ...meta, dormant: false } },
    }));
    applyRunDelta(status, []);
    this.saved.runChanged(status);
  }

  /** Remove a run from the page and from storage. */
  async remove(id: string): Promise<void> {
    if (!useLab.getState().saved[id]?.dormant) await this.need().remove(id).catch(() => {});
    useLab.setState((s) => {
      const without = <T,>(m: Record<string, T>) => Object.fromEntries(Object.entries(m).filter(([k]) => k !== id));
      return {
        runs: s.runs.filter((r) => r.id !== id),
        saved: without(s.saved),
        curves: without(s.curves),
        evaluations: without(s.evaluations),
        visualizations: without(s.visualizations),
      };
    });
    await this.saved.remove(id);
  }

  async rename(id: string, name: string): Promise<void> {
    const clean = name.trim().slice(0, 200);
    if (!clean || !useLab.getState().saved[id]) return;
    setSaved(id, { ...useLab.getState().saved[id], name: clean });
    await this.saved.rename(id, clean);
  }

  async visualize(id: string): Promise<void> {
    if (useLab.getState().saved[id]?.dormant) {
      if (useLab.getState().visualizations[id]) return; // the snapshot saved with the run
      throw new Error('This run is on disk: open it to see what it learned.');
    }
    const viz = await this.need().visualize(id);
    useLab.setState((s) => ({ visualizations: { ...s.visualizations, [id]: viz } }));
    this.saved.mark(id);
  }

  /** Probe the run's encoder now; the result arrives as an evaluation event. */
  async evaluate(id: string) {
    await this.open(id);
    return this.need().evaluate(id);
  }

  /** The given runs (all when empty) as one zip: a folder per run with its curves, metrics and weights. */
  async exportRuns(ids: string[]): Promise<Uint8Array> {
    const all = ids.length ? ids : Object.keys(useLab.getState().saved);
    return runsToZip(await this.saved.bundles(all));
  }

  /** Validate and keep the runs of a zip; they are listed as stopped runs on disk. Returns the new ids. */
  async importRuns(zip: Uint8Array): Promise<string[]> {
    const s = useLab.getState();
    const taken = [...s.runs.map((r) => r.id), ...Object.keys(s.saved)];
    const bundles = runsFromZip(zip).map((b) => {
      const id = taken.includes(b.run.id) ? uniqueId(b.run.id, taken) : b.run.id;
      taken.push(id);
      return renamed(b.run, b.checkpoint, id);
    });
    await this.saved.importBundles(bundles);
    for (const b of bundles) showSaved(b.run, this.saved);
    return bundles.map((b) => b.run.id);
  }

  /** Debug hooks (`?debug=1`): force the faults the recovery paths handle. */
  readonly debug = {
    crashWorker: () => this.need().crash(),
    loseDevice: () => this.need().loseDevice(),
  };

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
    this.backendRequest = request;
    const client = new TrainingClient((e) => {
      if (this.client === client) this.onEvent(e); // a replaced worker's last words are ignored
    });
    this.client = client;
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

  private async useDataset(set: ImageSet, rejected: Rejection[]): Promise<ImageSet> {
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
      saved: {},
    });
    for (const run of await this.saved.listRuns()) showSaved(run, this.saved);
    if (this.autostartPending) {
      this.autostartPending = false;
      for (const m of this.experiment!.methods) await this.start(m, this.experimentConfig());
    }
    return back;
  }

  private onEvent(e: WorkerEvent): void {
    if (e.type === 'run') {
      applyRunDelta(e.status, e.points);
      this.saved.runChanged(e.status);
    } else if (e.type === 'checkpoint') this.saved.checkpoint(e.checkpoint);
    else if (e.type === 'evaluation') {
      addEvaluation(e.evaluation);
      this.saved.mark(e.evaluation.runId, true);
    } else if (e.type === 'baseline') useLab.setState({ baseline: { points: e.points, running: !e.done } });
    else if (e.type === 'memory') useLab.setState({ memory: e.memory });
    else if (e.type === 'error') reportError(e.message);
    else if (e.type === 'crash') void this.recover(`The training worker crashed (${e.message}).`, this.backendRequest, false);
    else if (e.type === 'deviceLost') void this.recover(`The GPU device was lost (${e.message}).`, AFTER_DEVICE_LOSS, true);
  }

  /**
   * Replace a dead worker: save what the page knows, start a new worker (on `backend`), re-upload the
   * dataset; the runs come back from storage, resumable from their last checkpoint (`autoResume`: at once).
   */
  private async recover(what: string, backend: BackendRequest, autoResume: boolean): Promise<void> {
    if (this.recovering) return;
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t < 60_000), now];
    if (this.restarts.length > MAX_RESTARTS_PER_MINUTE) {
      reportError(`${what} It keeps failing, so it is not restarted again: reload the page or pick another backend.`);
      return;
    }
    this.recovering = true;
    try {
      const live = useLab.getState().runs.filter((r) => LIVE.includes(r.state) || (autoResume && r.state === 'error')).map((r) => r.id);
      // a run the lost device failed mid-step is still live: it resumes from its checkpoint
      useLab.setState((s) => ({ runs: s.runs.map((r) => (live.includes(r.id) ? { ...r, state: 'running' as const, error: undefined } : r)) }));
      live.forEach((id) => this.saved.mark(id));
      reportError(`${what} Your runs are kept up to their last checkpoint; ${autoResume ? `continuing on ${backend.toUpperCase()}.` : 'press Resume to continue.'}`);
      await this.switchBackend(backend);
      if (autoResume) for (const id of live) await this.resume(id).catch((e: unknown) => reportError(`Could not resume ${id}: ${message(e)}`));
    } finally {
      this.recovering = false;
    }
  }

  private need(): TrainingClient {
    if (!this.client) throw new Error('The training worker is not running.');
    return this.client;
  }
}

function renamed(run: SavedRun, cp: Checkpoint | null, id: string) {
  const evaluations = run.evaluations.map((e) => ({ ...e, runId: id }));
  return { run: { ...run, id, status: { ...run.status, id }, evaluations }, checkpoint: cp && { ...cp, runId: id } };
}

function setSaved(id: string, meta: SavedMeta): void {
  useLab.setState((s) => ({ saved: { ...s.saved, [id]: meta } }));
}

/** Put a run kept on disk on the page (dormant); one live when the page closed is marked interrupted. */
function showSaved(run: SavedRun, saved: Persistence): void {
  saved.loaded(run.id, run.curves);
  const interrupted = LIVE.includes(run.status.state);
  const status: RunStatus = { ...run.status, imagesPerSec: 0, ...(interrupted ? { state: 'stopped', interrupted: true } : {}) };
  useLab.setState((s) => ({
    runs: [...s.runs.filter((r) => r.id !== run.id), status],
    curves: { ...s.curves, [run.id]: run.curves },
    curveVersion: s.curveVersion + 1,
    evaluations: { ...s.evaluations, [run.id]: run.evaluations },
    visualizations: run.visualization ? { ...s.visualizations, [run.id]: run.visualization } : s.visualizations,
    saved: { ...s.saved, [run.id]: { name: run.name, dataset: run.dataset, checkpointStep: run.checkpointStep, dormant: true } },
  }));
}

function emptyInfo(name: string, resolution: number) {
  return { name, images: 0, classes: [], counts: [], resolution, split: { train: 0, test: 0 } };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export const lab = new LabController();
