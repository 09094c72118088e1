import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import { evalDefaults } from '../config';
import { filterImages } from '../data/images';
import { evaluateEncoder, type SweepPoint } from '../eval/evaluate';
import { isLabelled, type ImageSet } from '../data/imageSet';
import { labelSubset, stratifiedSplit } from '../data/split';
import { getMethod } from '../methods/registry';
import type { Visualization } from '../methods/visualization';
import { errorMessage } from '../errors';
import { Run, type DeviceData } from './run';
import { allows } from './runState';
import type { Checkpoint, CurvePoint, RunEvaluation, RunStatus } from './types';

export type LabEvent =
  | { type: 'run'; status: RunStatus; points: CurvePoint[] } // a status delta with the curve points since the last one
  | { type: 'checkpoint'; checkpoint: Checkpoint }
  | { type: 'evaluation'; evaluation: RunEvaluation }
  | { type: 'baseline'; points: SweepPoint[]; done: boolean }; // supervised-from-scratch per label budget

/** Steps enqueued per scheduler slice before reading back and yielding to commands. */
const STEPS_PER_SLICE = 4;
/** Progress messages per run are throttled to at most one per this many ms. */
const EMIT_INTERVAL_MS = 100;
/** How backends word an allocation failure (WebGPU, WebGL, WASM, the CPU's RangeError). */
const OUT_OF_MEMORY = /out of memory|OOM|failed to allocate|allocation failed|Array buffer allocation|Invalid typed array length/i;
/** Held-out images drawn by the visualizations. */
const VIZ_IMAGES = 8;

interface Entry {
  status: RunStatus;
  run: Run | null; // null once disposed (after an error in construction)
  points: CurvePoint[]; // not yet emitted
  lastEmit: number;
  lastCheckpoint: Checkpoint | null;
  resumeAt: number | null; // epoch ms when the current running stretch began
}

/**
 * The training lab: the dataset on the device, a list of runs, and a cooperative scheduler that
 * interleaves their steps. DOM-free; the worker wraps it, and Node tests drive it directly.
 */
export class Lab {
  private data: DeviceData | null = null;
  private readonly entries = new Map<string, Entry>();
  private looping = false;
  private nextId = 1;

  constructor(private readonly emit: (e: LabEvent) => void, public concurrency = 1) {}

  /** Upload the dataset once and fix the split every run shares. Stops and clears existing runs. */
  setDataset(set: ImageSet): { train: number; test: number } {
    for (const id of [...this.entries.keys()]) this.remove(id);
    this.disposeData();
    const n = set.labels.length;
    const r = set.resolution;
    const split = stratifiedSplit(set.labels, evalDefaults.testFraction, evalDefaults.splitSeed);
    const images = tf.tidy(() => tf.div(tf.tensor4d(set.pixels, [n, r, r, 3], 'int32').toFloat(), 255) as tf.Tensor4D);
    this.data = {
      images,
      labels: tf.tensor1d(set.labels, 'int32'),
      labelsCpu: set.labels.slice(),
      train: split.train,
      test: split.test,
      numClasses: isLabelled(set) ? set.classNames.length : 0,
      classNames: set.classNames,
    };
    return { train: split.train.length, test: split.test.length };
  }

  get device(): DeviceData | null {
    return this.data;
  }

  /** Queue a new run; `id` (unique) lets the caller keep ids distinct from runs saved in earlier sessions. */
  start(methodId: string, cfg: TrainConfig, id?: string): RunStatus {
    const method = getMethod(methodId);
    const runId = id ?? `${method.id}-${this.nextId++}`;
    const status: RunStatus = {
      id: runId, method: method.id, config: cfg, state: 'queued', step: 0, steps: method.trainable ? cfg.steps : 0,
      loss: null, metrics: {}, imagesPerSec: 0, startedAt: null, elapsedMs: 0,
    };
    const entry = this.create(status, null);
    if (entry.status.state === 'error') return { ...entry.status };
    this.flush(entry, true);
    this.kick();
    return { ...entry.status };
  }

  /**
   * Recreate a saved run (same id, config and seed) from its last checkpoint, stopped at the checkpoint's
   * step (or done); `resume` continues it. Adam's moments are not checkpointed: they restart from zero.
   */
  restore(saved: RunStatus, checkpoint: Checkpoint | null): RunStatus {
    const step = checkpoint?.step ?? 0;
    const state = saved.state === 'done' && step >= saved.steps ? 'done' : 'stopped';
    const status: RunStatus = { ...saved, state, step, imagesPerSec: 0, error: undefined, interrupted: undefined };
    const entry = this.create(status, checkpoint);
    this.flush(entry, true);
    return { ...entry.status };
  }

  pause(id: string): void {
    const e = this.get(id);
    if (allows(e.status, 'pause')) this.setState(e, 'paused');
  }

  resume(id: string): void {
    const e = this.get(id);
    if (allows(e.status, 'resume')) {
      this.setState(e, 'queued');
      this.kick();
    }
  }

  stop(id: string): void {
    const e = this.get(id);
    if (allows(e.status, 'stop')) this.setState(e, 'stopped');
  }

  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.run?.dispose();
    this.entries.delete(id);
  }

  statuses(): RunStatus[] {
    return [...this.entries.values()].map((e) => ({ ...e.status }));
  }

  run(id: string): Run {
    const r = this.get(id).run;
    if (!r) throw new Error(`Run ${id} has no model.`);
    return r;
  }

  lastCheckpoint(id: string): Checkpoint | null {
    return this.get(id).lastCheckpoint;
  }

  /** The method's view and the encoder's first-layer filters, from the current weights on held-out images. */
  async visualize(id: string): Promise<Visualization> {
    const data = this.requireData();
    const run = this.run(id);
    const pool = data.test.length > 0 ? data.test : data.train;
    // Spread across the pool (sorted by image index, so across classes for class-ordered data).
    const idx = Int32Array.from({ length: VIZ_IMAGES }, (_, k) => pool[Math.floor((k * pool.length) / VIZ_IMAGES) % pool.length]);
    const batch = run.gatherBatch(idx);
    try {
      const view = await run.model.visualize(batch);
      const filters = await filterImages(run.model.encoder.firstLayer as tf.Tensor as tf.Tensor4D);
      return { view, filters };
    } finally {
      tf.dispose([batch.images, batch.labels]);
    }
  }

  /**
   * Probe the run's frozen encoder on the shared split: linear probe, kNN, PCA projection, and with
   * `sweep` the label-efficiency points. Every method uses the same split and seed, so numbers compare.
   */
  async evaluate(id: string, sweep = true): Promise<RunEvaluation> {
    const data = this.requireData();
    const e = this.get(id);
    const run = this.run(id);
    const step = run.step;
    const ev = await evaluateEncoder({
      model: run.model,
      images: data.images,
      labels: data.labelsCpu,
      split: { train: data.train, test: data.test },
      numClasses: data.numClasses,
      seed: evalDefaults.splitSeed,
      budgets: sweep ? evalDefaults.labelBudgets : undefined,
    });
    const evaluation: RunEvaluation = { ...ev, runId: id, step };
    e.status.probe = { accuracy: ev.probe?.accuracy ?? null, knn: ev.knn?.accuracy ?? null, step };
    this.emit({ type: 'evaluation', evaluation });
    this.flush(e, true);
    return evaluation;
  }

  /**
   * The label-efficiency reference: for each budget (k labels per class, then all), train the supervised
   * method from scratch on just those labels, then probe its encoder with the same labels. Emits each point.
   */
  async scratchBaseline(cfg: TrainConfig): Promise<SweepPoint[]> {
    const data = this.requireData();
    if (data.numClasses < 2) throw new Error('The supervised baseline needs labels: put images in one sub-folder per class.');
    const method = getMethod('supervised');
    const points: SweepPoint[] = [];
    const labelled = data.train.filter((i) => data.labelsCpu[i] >= 0);
    for (const perClass of [...evalDefaults.labelBudgets, 'all' as const]) {
      const subset = perClass === 'all' ? labelled : labelSubset(data.labelsCpu, data.train, perClass, evalDefaults.splitSeed);
      const run = new Run(method, cfg, { ...data, train: subset });
      try {
        while (!run.done) {
          for (let k = 0; k < STEPS_PER_SLICE && !run.done; k++) run.trainStep();
          await run.drain(run.done);
        }
        const ev = await evaluateEncoder({
          model: run.model,
          images: data.images,
          labels: data.labelsCpu,
          split: { train: subset, test: data.test },
          numClasses: data.numClasses,
          seed: evalDefaults.splitSeed,
        });
        points.push({ perClass, accuracy: ev.probe?.accuracy ?? 0 });
      } finally {
        run.dispose();
      }
      this.emit({ type: 'baseline', points: [...points], done: perClass === 'all' });
    }
    return points;
  }

  /** Resolves when no run is queued or running (tests and the benchmark wait on it). */
  async idle(): Promise<void> {
    while (this.looping) await new Promise((r) => setTimeout(r, 10));
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.remove(id);
    this.disposeData();
  }

  private create(status: RunStatus, checkpoint: Checkpoint | null): Entry {
    const data = this.requireData();
    if (this.entries.has(status.id)) throw new Error(`A run with id ${status.id} already exists.`);
    const entry: Entry = { status, run: null, points: [], lastEmit: 0, lastCheckpoint: checkpoint, resumeAt: null };
    this.entries.set(status.id, entry);
    try {
      entry.run = new Run(getMethod(status.method), status.config, data);
      if (checkpoint) entry.run.restore(checkpoint);
    } catch (e) {
      this.fail(entry, e);
    }
    return entry;
  }

  private requireData(): DeviceData {
    if (!this.data) throw new Error('No dataset loaded.');
    return this.data;
  }

  private get(id: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw new Error(`No run ${id}.`);
    return e;
  }

  private disposeData(): void {
    if (this.data) tf.dispose([this.data.images, this.data.labels]);
    this.data = null;
  }

  private kick(): void {
    if (!this.looping) void this.loop();
  }

  /** Round-robin over active runs; `concurrency` of them run at once, the rest wait queued. */
  private async loop(): Promise<void> {
    this.looping = true;
    try {
      for (;;) {
        const active = this.activeEntries();
        if (active.length === 0) break;
        for (const e of active) await this.slice(e);
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      this.looping = false;
    }
  }

  private activeEntries(): Entry[] {
    const all = [...this.entries.values()];
    // Runs already running keep their slots; queued ones (new or resumed) wait for a free one.
    const live = [...all.filter((e) => e.status.state === 'running'), ...all.filter((e) => e.status.state === 'queued')];
    const active = live.slice(0, this.concurrency);
    for (const e of active) if (e.status.state === 'queued') this.setState(e, 'running');
    return active;
  }

  private async slice(e: Entry): Promise<void> {
    const run = e.run!;
    const t0 = performance.now();
    const before = run.step;
    try {
      for (let k = 0; k < STEPS_PER_SLICE && !run.done; k++) run.trainStep();
      const points = await run.drain(run.done);
      const images = (run.step - before) * run.cfg.batchSize;
      const rate = images / Math.max(1e-3, (performance.now() - t0) / 1000);
      e.status.imagesPerSec = e.status.imagesPerSec ? 0.8 * e.status.imagesPerSec + 0.2 * rate : rate;
      this.record(e, points);
      const crossed = Math.floor(run.step / run.cfg.checkpointEvery) > Math.floor(before / run.cfg.checkpointEvery);
      if (crossed || run.done) await this.saveCheckpoint(e);
      const probeEvery = run.cfg.probeEvery;
      if (probeEvery > 0 && !run.done && Math.floor(run.step / probeEvery) > Math.floor(before / probeEvery)) await this.evaluate(e.status.id, false);
      if (run.done && e.status.state === 'running') {
        this.setState(e, 'done');
        await this.evaluate(e.status.id).catch((err) => {
          e.status.error = `The run finished but its evaluation failed: ${errorMessage(err)}`;
        });
      }
    } catch (err) {
      this.fail(e, err);
    }
    this.flush(e, e.status.state !== 'running');
  }

  private record(e: Entry, points: CurvePoint[]): void {
    for (const p of points) {
      if (!Number.isFinite(p.loss)) throw diverged(`The loss became ${p.loss} at step ${p.step}`, e.status.config.learningRate);
      e.points.push(p);
      e.status.step = p.step;
      e.status.loss = p.loss;
      e.status.metrics = p.metrics;
    }
  }

  private async saveCheckpoint(e: Entry): Promise<void> {
    // The curve reaches the checkpoint's step, and is announced, before the checkpoint is.
    this.record(e, await e.run!.drain(true));
    this.flush(e, true);
    const cp = await e.run!.checkpoint(e.status.id);
    if (Object.values(cp.weights).some((w) => !w.values.every(Number.isFinite))) {
      throw diverged(`The weights became NaN or infinite by step ${cp.step}`, e.status.config.learningRate);
    }
    e.lastCheckpoint = cp;
    this.emit({ type: 'checkpoint', checkpoint: cp });
  }

  private fail(e: Entry, err: unknown): void {
    const msg = errorMessage(err);
    const c = e.status.config;
    e.status.error = OUT_OF_MEMORY.test(msg)
      ? `The device ran out of memory (${msg}). Lower the batch size (now ${c.batchSize}), the encoder width (now ${c.width}) or the resolution (now ${c.resolution} px).`
      : msg;
    this.setState(e, 'error');
  }

  private setState(e: Entry, state: RunStatus['state']): void {
    const now = Date.now();
    if (e.status.state === 'running' && e.resumeAt !== null) e.status.elapsedMs += now - e.resumeAt;
    e.resumeAt = state === 'running' ? now : null;
    if (state === 'running' && e.status.startedAt === null) e.status.startedAt = now;
    e.status.state = state;
    this.flush(e, true);
  }

  private flush(e: Entry, force: boolean): void {
    const now = performance.now();
    if (!force && now - e.lastEmit < EMIT_INTERVAL_MS) return;
    e.lastEmit = now;
    const elapsed = e.status.elapsedMs + (e.resumeAt !== null ? Date.now() - e.resumeAt : 0);
    this.emit({ type: 'run', status: { ...e.status, elapsedMs: elapsed }, points: e.points.splice(0) });
  }
}

/** The NaN/Inf guard's message: what happened and what to change. The bad state is never checkpointed. */
function diverged(what: string, learningRate: number): Error {
  return new Error(`${what}. Training diverged: lower the learning rate (now ${learningRate}) and start again from the last checkpoint.`);
}
