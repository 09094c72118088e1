import * as tf from '@tensorflow/tfjs';
import { evalDefaults, finetuneDefaults, type TrainConfig } from '../config';
import type { SweepPoint } from '../eval/evaluate';
import type { ImageSet } from '../data/imageSet';
import { errorMessage } from '../errors';
import { getMethod } from '../methods/registry';
import type { Visualization } from '../methods/visualization';
import { fitClassifier, modelSnapshot, type ExportableRun } from '../../export/fromRun';
import { scratchBaseline } from './baseline';
import { failureMessage, isBackendFailure } from './failures';
import { memoryRefusal, type MemoryBudget } from './memory';
import { milestonesAfter } from './milestones';
import { probeEncoder } from './probe';
import { disposeDeviceData, extendDeviceData, uploadDataset, type DeviceData } from './deviceData';
import { Run } from './run';
import { RunEntry } from './runEntry';
import { visualizeRun } from './views';
import { allows, isLive } from './runState';
import type { Checkpoint, Classification, ClassifierKind, RunEvaluation, RunStatus, TrainerEvent } from './types';
import type { ClassificationResult } from '../eval/metrics';
import { Classifiers } from './classifiers';

/**
 * The trainer: the dataset on the device, a list of runs and their state machine, and a cooperative scheduler
 * that trains one run at a time in slices, answering commands between them. DOM-free; the worker wraps it,
 * and Node tests drive it directly.
 */
export class Trainer {
  private data: DeviceData | null = null;
  private readonly entries = new Map<string, RunEntry>();
  private looping = false;
  private nextId = 1;
  private broken = false; // the backend failed: nothing runs on it again
  private readonly toProbe = new Set<string>(); // stopped runs whose encoder is probed between slices
  private readonly classifiers = new Classifiers();

  /** `budget`: what the backend can hold; a run whose step cannot fit it is refused when its turn comes (none: no check). */
  constructor(private readonly emit: (e: TrainerEvent) => void, private readonly budget: MemoryBudget | null = null) {}

  /** Upload the dataset once and fix the split every run shares (see uploadDataset). Stops and clears existing runs. */
  setDataset(set: ImageSet, testFraction = evalDefaults.testFraction): { train: number; test: number } {
    for (const id of [...this.entries.keys()]) this.remove(id);
    this.disposeData();
    this.data = uploadDataset(set, testFraction);
    return { train: this.data.train.length, test: this.data.test.length };
  }

  /**
   * Grow the dataset by unlabelled images: `set` is the current dataset followed by them. They join the train split
   * (the held-out images and the labelled split stay as they are); runs already created keep sampling the images they
   * started with, runs created from now on pre-train on all of them.
   */
  extendDataset(set: ImageSet): { train: number; test: number } {
    const data = this.requireData();
    extendDeviceData(data, set);
    return { train: data.train.length, test: data.test.length };
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
    entry.flush(true);
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
    entry.flush(true);
    return { ...entry.status };
  }

  /** Pause a run; one the trainer does not hold (removed, or gone with the last dataset) is not training: nothing to do. */
  pause(id: string): void {
    const e = this.entries.get(id);
    if (e && allows(e.status, 'pause')) e.setState('paused');
  }

  resume(id: string): void {
    const e = this.get(id);
    if (allows(e.status, 'resume')) {
      e.setState('queued');
      this.kick();
    }
  }

  /** Stop a run (like pause, one the trainer does not hold is not training); its encoder is probed at the step it reached. */
  stop(id: string): void {
    const e = this.entries.get(id);
    if (!e || !allows(e.status, 'stop')) return;
    e.setState('stopped');
    if (e.run && e.run.step > 0) {
      this.toProbe.add(id);
      this.kick();
    }
  }

  /**
   * Pause every live run, let the slice in flight finish, and checkpoint each at the step it reached: what the
   * caller keeps before the dataset or the backend goes, so no step is lost. Their statuses and checkpoints.
   */
  async suspend(): Promise<{ status: RunStatus; checkpoint: Checkpoint }[]> {
    const live = [...this.entries.values()].filter((e) => isLive(e.status.state) && e.run);
    for (const e of live) if (e.status.state !== 'paused') e.setState('paused');
    await this.idle();
    const kept: { status: RunStatus; checkpoint: Checkpoint }[] = [];
    for (const e of live.filter((x) => x.status.state === 'paused')) {
      try {
        const checkpoint = await e.checkpoint();
        kept.push({ status: { ...e.status }, checkpoint });
      } catch (err) {
        this.fail(e, err);
      }
    }
    return kept;
  }

  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.run?.dispose();
    this.classifiers.remove(id);
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
  visualize(id: string): Promise<Visualization> {
    return visualizeRun(this.run(id), this.requireData());
  }

  /**
   * Probe the run's frozen encoder on the shared split: linear probe, kNN, PCA projection, and with
   * `sweep` the label-efficiency points. Every method uses the same split and seed, so numbers compare.
   */
  async evaluate(id: string, sweep = true): Promise<RunEvaluation> {
    const data = this.requireData();
    const e = this.get(id);
    const run = this.run(id);
    e.record(await run.drain(true)); // the curve reaches the probed step: "evaluated at step N" is the step shown
    const step = run.step;
    const ev = await probeEncoder(run.model, data, data.train, sweep);
    const evaluation: RunEvaluation = { ...ev, runId: id, step };
    const kept = e.status.probe?.step === step ? e.status.probe.sweep : undefined; // fine-tuned accuracies of this step stay
    const points = ev.sweep?.map(({ perClass, accuracy }) => ({ ...kept?.find((p) => p.perClass === perClass), perClass, accuracy }));
    e.status.probe = { accuracy: ev.probe?.accuracy ?? null, knn: ev.knn?.accuracy ?? null, step, ...(points && { sweep: points }) };
    this.emit({ type: 'evaluation', evaluation });
    e.flush(true);
    return evaluation;
  }

  /** The run's weights now, what its method drew (exportState) and, with `classifier`, its probe: for the exports (src/export). */
  async exportable(id: string, classifier: boolean): Promise<ExportableRun> {
    const run = this.run(id);
    return {
      checkpoint: await modelSnapshot(run.model, id, run.step),
      state: run.model.exportState?.() ?? {},
      classifier: classifier ? await fitClassifier(run.model, this.requireData()) : null,
    };
  }

  /** The supervised-from-scratch reference per label budget (see baseline.ts); emits each point. */
  scratchBaseline(cfg: TrainConfig, settings = finetuneDefaults): Promise<SweepPoint[]> {
    return scratchBaseline(this.requireData(), cfg, (points, done) => this.emit({ type: 'baseline', points, done }), settings);
  }

  /**
   * Fine-tune the run's encoder with a fresh head at every label budget (`semi`: also on the unlabelled images), after its
   * evaluation; emits each point, then sets the status sweep's `finetune` (or `semi`) accuracies. A run still training is refused.
   */
  async finetune(id: string, kind: Exclude<ClassifierKind, 'probe'> = 'finetune', settings = finetuneDefaults): Promise<SweepPoint[]> {
    const data = this.requireData();
    const e = this.get(id);
    if (isLive(e.status.state)) throw new Error(`${id} is still training: fine-tune it once it is done or stopped.`);
    if (!e.status.probe?.sweep) await this.evaluate(id);
    const emit = (points: SweepPoint[], done: boolean, result?: ClassificationResult) => this.emit({ type: 'finetune', runId: id, kind, points, done, ...(result && { result }) });
    const { points, result } = await this.classifiers.sweep(id, this.run(id), data, kind, settings, (p, done) => !done && emit(p, false));
    const sweep = e.status.probe?.sweep;
    if (e.status.probe && sweep) e.status.probe = { ...e.status.probe, sweep: sweep.map((p) => ({ ...p, [kind]: points.find((q) => q.perClass === p.perClass)?.accuracy })) };
    emit(points, true, result);
    e.flush(true);
    return points;
  }

  /** Class probabilities of images (RGB bytes at the dataset's resolution) from one of the run's classifiers, and its test result. */
  classify(id: string, kind: ClassifierKind, pixels: Uint8Array, count: number): Promise<Classification> {
    return this.classifiers.classify(id, this.run(id), this.requireData(), kind, pixels, count);
  }

  /** Resolves when no run is queued or running (tests and the benchmark wait on it). */
  async idle(): Promise<void> {
    while (this.looping) await new Promise((r) => setTimeout(r, 10));
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.remove(id);
    this.disposeData();
  }

  private create(status: RunStatus, checkpoint: Checkpoint | null): RunEntry {
    const data = this.requireData();
    if (this.entries.has(status.id)) throw new Error(`A run with id ${status.id} already exists.`);
    const entry = new RunEntry(status, checkpoint, this.emit);
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

  private get(id: string): RunEntry {
    const e = this.entries.get(id);
    if (!e) throw new Error(`No run ${id}.`);
    return e;
  }

  private disposeData(): void {
    if (this.data) disposeDeviceData(this.data);
    this.data = null;
  }

  private kick(): void {
    if (!this.looping) void this.loop();
  }

  /** One run trains at a time, slice by slice; queued ones wait, in order. */
  private async loop(): Promise<void> {
    this.looping = true;
    try {
      for (;;) {
        await this.probeStopped();
        const e = this.next();
        if (!e) break;
        await this.slice(e);
        await new Promise((r) => setTimeout(r, 0));
      }
    } finally {
      this.looping = false;
    }
  }

  /**
   * The backend can no longer run anything (a WASM abort, or the worker saw its module abort): say so once and stop
   * training; the runs keep their state, so the page lists the live ones as interrupted once it has a new backend.
   */
  backendFailed(message: string): void {
    if (this.broken) return;
    this.broken = true;
    this.emit({ type: 'backendFailed', message });
  }

  /** The running run, or else the first queued one (new or resumed) whose step fits the backend, which starts running. */
  private next(): RunEntry | undefined {
    if (this.broken) return undefined;
    const all = [...this.entries.values()];
    const running = all.find((e) => e.status.state === 'running');
    if (running) return running;
    const queued = all.find((e) => e.status.state === 'queued');
    if (!queued) return undefined;
    const refusal = this.refusal(queued);
    if (refusal) {
      queued.status.error = refusal;
      queued.setState('error');
      return this.next();
    }
    queued.setState('running');
    return queued;
  }

  /** Why the run's step cannot fit the backend with what is allocated now, or null. */
  private refusal(e: RunEntry): string | null {
    if (!this.budget || !e.run) return null;
    return memoryRefusal(e.status.method, e.status.config, e.run.model.variables.map((v) => v.size), this.budget, tf.memory().numBytes);
  }

  private async slice(e: RunEntry): Promise<void> {
    const run = e.run!;
    const t0 = performance.now();
    const before = run.step;
    try {
      const points = await run.advance();
      e.measure((run.step - before) * run.cfg.batchSize, performance.now() - t0);
      e.record(points);
      const due = milestonesAfter(before, run.step, run.cfg);
      if (due.checkpoint) await this.saveCheckpoint(e);
      if (due.probe) await this.evaluate(e.status.id, false);
      if (run.done && e.status.state === 'running') {
        e.setState('done');
        await this.evaluate(e.status.id).catch((err) => {
          e.status.error = `The run finished but its evaluation failed: ${errorMessage(err)}`;
        });
      }
    } catch (err) {
      this.fail(e, err);
    }
    e.flush(e.status.state !== 'running');
  }

  /** The runs stopped since the last slice, probed (with the label sweep) at the step they reached. */
  private async probeStopped(): Promise<void> {
    for (const id of [...this.toProbe]) {
      this.toProbe.delete(id);
      const e = this.entries.get(id);
      if (e?.status.state !== 'stopped' || !e.run) continue;
      await this.evaluate(id).catch((err) => {
        if (isBackendFailure(err)) return this.backendFailed(errorMessage(err));
        e.status.error = `The run stopped but its evaluation failed: ${errorMessage(err)}`;
        e.flush(true);
      });
    }
  }

  private async saveCheckpoint(e: RunEntry): Promise<void> {
    this.emit({ type: 'checkpoint', checkpoint: await e.checkpoint() });
  }

  private fail(e: RunEntry, err: unknown): void {
    if (isBackendFailure(err)) return this.backendFailed(errorMessage(err)); // not the run's fault alone: it stays live
    e.status.error = failureMessage(err, e.status.config);
    e.setState('error');
  }


}
