import { evalDefaults, finetuneDefaults, type TrainConfig } from '../config';
import type { SweepPoint } from '../eval/evaluate';
import type { ImageSet } from '../data/imageSet';
import { getMethod } from '../methods/registry';
import type { Visualization } from '../methods/visualization';
import { fitClassifier, modelSnapshot, type ExportableRun } from '../../export/fromRun';
import { scratchBaseline } from './baseline';
import type { MemoryBudget } from './memory';
import { probeEncoder } from './probe';
import { disposeTrainingData, extendTrainingData, uploadDataset, type TrainingData } from './trainingData';
import { Run } from './run';
import { Scheduler } from './scheduler';
import { RunEntry } from './runEntry';
import { visualizeRun } from './views';
import { allows, isLive } from './runState';
import type { Checkpoint, Classification, ClassifierKind, RunEvaluation, RunStatus, TrainerEvent } from './types';
import type { ClassificationResult } from '../eval/metrics';
import { Classifiers } from './classifiers';

/**
 * The trainer: the dataset for training, a list of runs and their state machine, and their evaluations; its
 * Scheduler trains one run at a time in slices, so commands are answered between them. DOM-free; the worker
 * wraps it, and Node tests drive it directly.
 */
export class Trainer {
  private data: TrainingData | null = null;
  private readonly entries = new Map<string, RunEntry>();
  private nextId = 1;
  private readonly classifiers = new Classifiers();
  private readonly scheduler: Scheduler;

  /** `budget`: what the backend can hold; a run whose step cannot fit it is refused when its turn comes (none: no check). */
  constructor(
    private readonly emit: (e: TrainerEvent) => void,
    budget: MemoryBudget | null = null,
  ) {
    this.scheduler = new Scheduler(this.entries, (id, sweep) => this.evaluate(id, sweep), emit, budget);
  }

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
    extendTrainingData(data, set);
    return { train: data.train.length, test: data.test.length };
  }

  get trainingData(): TrainingData | null {
    return this.data;
  }

  /** Queue a new run; `id` (unique) lets the caller keep ids distinct from runs saved in earlier sessions. */
  start(methodId: string, cfg: TrainConfig, id?: string): RunStatus {
    const method = getMethod(methodId);
    const runId = id ?? `${method.id}-${this.nextId++}`;
    const status: RunStatus = {
      id: runId,
      method: method.id,
      config: cfg,
      state: 'queued',
      step: 0,
      steps: method.trainable ? cfg.steps : 0,
      loss: null,
      metrics: {},
      imagesPerSec: 0,
      startedAt: null,
      elapsedMs: 0,
    };
    const entry = this.create(status, null);
    if (entry.status.state === 'error') return { ...entry.status };
    entry.flush(true);
    this.scheduler.kick();
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
      this.scheduler.kick();
    }
  }

  /** Stop a run (like pause, one the trainer does not hold is not training); its encoder is probed at the step it reached. */
  stop(id: string): void {
    const e = this.entries.get(id);
    if (!e || !allows(e.status, 'stop')) return;
    e.setState('stopped');
    if (e.run && e.run.step > 0) this.scheduler.probeLater(id);
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
        this.scheduler.fail(e, err);
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
    const emit = (points: SweepPoint[], done: boolean, result?: ClassificationResult) =>
      this.emit({ type: 'finetune', runId: id, kind, points, done, ...(result && { result }) });
    const { points, result } = await this.classifiers.sweep(id, this.run(id), data, kind, settings, (p, done) => !done && emit(p, false));
    const sweep = e.status.probe?.sweep;
    if (e.status.probe && sweep)
      e.status.probe = {
        ...e.status.probe,
        sweep: sweep.map((p) => ({ ...p, [kind]: points.find((q) => q.perClass === p.perClass)?.accuracy })),
      };
    emit(points, true, result);
    e.flush(true);
    return points;
  }

  /** Class probabilities of images (RGB bytes at the dataset's resolution) from one of the run's classifiers, and its test result. */
  classify(id: string, kind: ClassifierKind, pixels: Uint8Array, count: number): Promise<Classification> {
    return this.classifiers.classify(id, this.run(id), this.requireData(), kind, pixels, count);
  }

  /** Resolves when no run is queued or running (tests and the benchmark wait on it). */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** The backend can no longer run anything: say so once and stop training (see Scheduler). */
  backendFailed(message: string): void {
    this.scheduler.backendFailed(message);
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
      this.scheduler.fail(entry, e);
    }
    return entry;
  }

  private requireData(): TrainingData {
    if (!this.data) throw new Error('No dataset loaded.');
    return this.data;
  }

  private get(id: string): RunEntry {
    const e = this.entries.get(id);
    if (!e) throw new Error(`No run ${id}.`);
    return e;
  }

  private disposeData(): void {
    if (this.data) disposeTrainingData(this.data);
    this.data = null;
  }
}
