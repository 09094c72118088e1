import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import { BatchSampler } from '../data/sampler';
import type { TrainingData } from './trainingData';
import type { Batch, Method, MethodModel } from '../methods/types';
import { Rng } from '../rng';
import { ScheduledAdam } from './optimizer';
import { learningRateAt } from './schedule';
import type { Checkpoint, CurvePoint } from './types';

/** Reads back this many steps behind the newest, so the device queue never drains. */
const READBACK_LAG = 3;
/** Steps enqueued per slice before reading back (and, in the trainer, yielding to commands). */
const STEPS_PER_SLICE = 4;

/**
 * One training run of one method: owns its model and optimizer, steps on demand.
 * The caller (the Trainer's scheduler) decides when to step; nothing here touches the DOM.
 */
export class Run {
  readonly model: MethodModel;
  step = 0;
  private readonly optimizer: ScheduledAdam | null;
  private readonly sampler: BatchSampler;
  private readonly rng: Rng;
  private readonly pending: { step: number; lr: number; values: tf.Tensor1D }[] = [];
  private readonly decayed: Set<tf.Variable>;

  constructor(
    readonly method: Method,
    readonly cfg: TrainConfig,
    private readonly data: TrainingData,
  ) {
    const rng = new Rng(cfg.seed);
    const sampleIdx = data.train.slice(0, 512);
    // Created inside tidy: temporaries of create() are freed; variables and tf.keep'd tensors survive.
    let model: MethodModel | null = null;
    tf.tidy(() => {
      const sample = data.images.gather(sampleIdx);
      model = method.create({ cfg, numClasses: data.numClasses, classNames: data.classNames, rng: rng.fork(), sample });
    });
    this.model = model!;
    const pool = method.needsLabels ? data.train.filter((i) => data.labelsCpu[i] >= 0) : data.train;
    if (pool.length === 0) throw new Error(`${method.label} needs labelled images: put images in one sub-folder per class.`);
    this.sampler = new BatchSampler(pool, cfg.batchSize, rng.seed());
    this.rng = rng.fork();
    this.optimizer = method.trainable && this.model.variables.length > 0 ? new ScheduledAdam(cfg.learningRate) : null;
    this.decayed = new Set(this.model.variables.filter((v) => v.shape.length >= 2));
  }

  /** All its steps are taken; an untrained baseline (random init) has none to take. */
  get done(): boolean {
    return !this.method.trainable || this.step >= this.cfg.steps;
  }

  /** Enqueue one optimizer step on the device. No read-back happens here. */
  trainStep(): void {
    const lr = learningRateAt(this.step, this.cfg);
    const idx = this.sampler.next();
    const values = tf.tidy(() => {
      const batch = this.gatherBatch(idx);
      if (!this.optimizer) return tf.stack([tf.scalar(0), ...this.method.metricNames.map(() => tf.scalar(0))]) as tf.Tensor1D;
      this.optimizer.setLearningRate(lr);
      let metrics: tf.Scalar[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const out = this.model.step(batch, this.rng);
        metrics = this.method.metricNames.map((n) => tf.keep(out.metrics[n]));
        return out.loss;
      }, this.model.variables);
      this.optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
      this.applyWeightDecay(lr);
      const stacked = tf.stack([value, ...metrics]) as tf.Tensor1D;
      metrics.forEach((m) => m.dispose());
      return stacked;
    });
    this.pending.push({ step: this.step, lr, values });
    this.step++;
  }

  /** One slice: enqueue up to STEPS_PER_SLICE steps, then read back what finished (everything at the end). */
  async advance(): Promise<CurvePoint[]> {
    for (let k = 0; k < STEPS_PER_SLICE && !this.done; k++) this.trainStep();
    return this.drain(this.done);
  }

  /** Read back finished steps, keeping READBACK_LAG in flight unless `all`. */
  async drain(all = false): Promise<CurvePoint[]> {
    const points: CurvePoint[] = [];
    while (this.pending.length > (all ? 0 : READBACK_LAG)) {
      const p = this.pending.shift()!;
      const v = await p.values.data();
      p.values.dispose();
      const metrics: Record<string, number> = {};
      this.method.metricNames.forEach((n, i) => (metrics[n] = v[i + 1]));
      points.push({ step: p.step + 1, loss: v[0], lr: p.lr, metrics });
    }
    return points;
  }

  /** The images and labels at `idx`; the caller owns (or tidies) the result. */
  gatherBatch(idx: Int32Array): Batch {
    const t = tf.tensor1d(idx, 'int32');
    const batch = { images: this.data.images.gather(idx), labels: tf.gather(this.data.labels, t) as tf.Tensor1D };
    t.dispose();
    return batch;
  }

  checkpoint(runId: string): Promise<Checkpoint> {
    return snapshot(this.model, runId, this.step);
  }

  /**
   * Set the weights and the step from a checkpoint, and replay the sampler to that step so the batches
   * continue in the same order. Adam's moments and the augmentation RNG are not in a checkpoint: they restart.
   */
  restore(cp: Checkpoint): void {
    assignWeights(this.model.variables, cp, (i) => `Checkpoint does not match the model at weight ${i}.`);
    for (let s = this.step; s < cp.step; s++) this.sampler.next();
    this.step = cp.step;
  }

  dispose(): void {
    this.pending.forEach((p) => p.values.dispose());
    this.pending.length = 0;
    this.optimizer?.dispose();
    this.model.dispose();
  }

  /** Decoupled weight decay (AdamW) on kernels only: w ← w − lr·wd·w. */
  private applyWeightDecay(lr: number): void {
    const factor = 1 - lr * this.cfg.weightDecay;
    if (factor === 1) return;
    for (const v of this.decayed) v.assign(tf.mul(v, factor));
  }
}

/** Set `variables` to a checkpoint's weights, by position; `mismatch(i)` is the error for a missing or differently shaped weight. */
export function assignWeights(variables: tf.Variable[], cp: Checkpoint, mismatch: (i: number) => string): void {
  variables.forEach((v, i) => {
    const w = cp.weights[String(i)];
    if (!w || w.shape.join() !== v.shape.join()) throw new Error(mismatch(i));
    tf.tidy(() => v.assign(tf.tensor(w.values, w.shape)));
  });
}

/** A model's variables as a checkpoint: encoder weights by name ("encoder/conv0/kernel"), the rest "head/<position>". */
export async function snapshot(
  model: { encoder: { store: { vars: Map<string, tf.Variable> } }; variables: tf.Variable[] },
  runId: string,
  step: number,
): Promise<Checkpoint> {
  const names = new Map([...model.encoder.store.vars].map(([name, v]) => [v, name]));
  const weights: Checkpoint['weights'] = {};
  for (const [i, v] of model.variables.entries()) {
    weights[String(i)] = { shape: v.shape, values: (await v.data()) as Float32Array, name: names.get(v) ?? `head/${i}` };
  }
  return { runId, step, weights };
}
