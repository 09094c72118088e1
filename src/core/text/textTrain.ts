import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import type { TextMethod, TextMethodModel } from '../methods/types';
import { Rng } from '../rng';
import { ScheduledAdam } from '../train/optimizer';
import { learningRateAt } from '../train/schedule';
import { sampleWindows, type TextData } from './textData';

export interface TextTrainOptions {
  pool?: Int32Array; // items the windows come from; default: the train split (labelled items only for a method that needs labels)
  onStep?(step: number, loss: number, metrics: Record<string, number>): void; // every `reportEvery` steps
  reportEvery?: number; // default 50
  seconds?: number; // train for this long instead of cfg.steps: the step count follows the measured step time (see below)
  clock?: () => number; // what `seconds` is measured on, in ms; default wall time (the benchmark passes its CPU time)
  shouldStop?(): boolean; // asked after each read-back (the event loop runs first, so a stop message can arrive): true ends training there
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A fresh model of `method` for `data` (the caller owns it). */
export function createTextModel(method: TextMethod, data: TextData, cfg: TrainConfig): TextMethodModel {
  return method.create({
    cfg,
    numClasses: data.numClasses,
    rng: new Rng(cfg.seed),
    vocabSize: data.vocab.words.length,
    seqLen: data.seqLen,
  });
}

/**
 * Trains a text method for cfg.steps steps of cfg.batchSize random windows: Adam with warm-up + cosine (the image
 * runs' schedule), decoupled weight decay on matrices. Reads a step's numbers back only every `reportEvery` steps.
 * With `seconds`, the schedule's length is re-estimated at each read-back from the mean step time so far, so the cosine
 * decay still ends at the last step however fast the machine is. Returns the model and the steps it took.
 */
export async function trainText(
  method: TextMethod,
  data: TextData,
  cfg: TrainConfig,
  opts: TextTrainOptions = {},
): Promise<{ model: TextMethodModel; steps: number }> {
  const model = createTextModel(method, data, cfg);
  if (!method.trainable) return { model, steps: 0 };
  const rng = new Rng(cfg.seed + 7919);
  const pool = opts.pool ?? (method.needsLabels ? data.train.filter((i) => data.labels[i] >= 0) : data.train);
  if (pool.length === 0) throw new Error(`${method.label} needs ${method.needsLabels ? 'labelled ' : ''}texts to train on.`);
  const optimizer = new ScheduledAdam(cfg.learningRate);
  const decayed = model.variables.filter((v) => v.shape.length >= 2);
  const every = opts.reportEvery ?? 50;
  const schedule = { ...cfg };
  const clock = opts.clock ?? (() => performance.now());
  const started = clock();
  let step = 0;
  try {
    for (; step < schedule.steps; step++) {
      const lr = learningRateAt(step, schedule);
      optimizer.setLearningRate(lr);
      const { tokens, labels } = sampleWindows(data, pool, cfg.batchSize, rng);
      const periodic = step % every === every - 1;
      const report = periodic || step === schedule.steps - 1;
      const values: tf.Tensor1D | undefined = tf.tidy(() => {
        const batch = { tokens: tf.tensor2d(tokens, [cfg.batchSize, data.seqLen + 1], 'int32'), labels: tf.tensor1d(labels, 'int32') };
        let metrics: tf.Scalar[] = [];
        const { value, grads } = tf.variableGrads(() => {
          const out = model.step(batch, rng);
          metrics = method.metricNames.map((n) => tf.keep(out.metrics[n]));
          return out.loss;
        }, model.variables);
        optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
        for (const v of decayed) v.assign(tf.mul(v, 1 - lr * cfg.weightDecay));
        const stacked = tf.stack([value, ...metrics]) as tf.Tensor1D;
        metrics.forEach((m) => m.dispose());
        return report ? stacked : undefined;
      });
      if (values) {
        const v = await values.data();
        values.dispose();
        opts.onStep?.(step + 1, v[0], Object.fromEntries(method.metricNames.map((n, i) => [n, v[i + 1]])));
        if (opts.seconds && periodic)
          schedule.steps = Math.max(step + 1, Math.round((opts.seconds * 1000 * (step + 1)) / (clock() - started)));
        if (opts.shouldStop && (await nextTask(), opts.shouldStop())) {
          step++;
          break;
        }
      }
    }
  } finally {
    optimizer.dispose();
  }
  return { model, steps: step };
}
