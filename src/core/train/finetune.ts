import * as tf from '@tensorflow/tfjs';
import { evalDefaults, finetuneDefaults, type FinetuneSettings } from '../config';
import { cropAndFlip } from '../data/augment';
import { BatchSampler } from '../data/sampler';
import { labelSubset } from '../data/split';
import type { SweepPoint } from '../eval/evaluate';
import type { ClassificationResult } from '../eval/metrics';
import type { MethodModel } from '../methods/types';
import { Rng } from '../rng';
import { crossEntropy } from '../losses/crossEntropy';
import { Classifier } from './classifier';
import type { TrainingData } from './trainingData';
import { ScheduledAdam } from './optimizer';
import { learningRateAt } from './schedule';
import { consistencyLoss, pseudoLabels, semiDefaults, type SemiSettings } from './semi';

/** Fine-tuning steps per slice before reading back (and yielding, so the worker answers commands between slices). */
const SLICE = 8;

export interface FinetuneInput {
  source: Pick<MethodModel, 'encoder' | 'input'>; // the run's model (only read); `scratch` keeps none of its weights' training
  scratch: boolean; // the encoder is untrained (random init): it learns at the full rate from the first step
  data: TrainingData;
  train: Int32Array; // the labelled images it learns from
  unlabelled?: Int32Array; // semi-supervised: the images it also learns from without their labels
  settings?: FinetuneSettings;
  semi?: SemiSettings;
  seed: number;
}

/** The semi-supervised branch: unlabelled batches and how they teach. */
interface SemiBranch {
  sampler: BatchSampler;
  settings: SemiSettings;
}

/** What every step of one fine-tuning reads and updates. */
interface StepContext {
  classifier: Classifier;
  data: TrainingData;
  s: FinetuneSettings;
  rng: Rng;
  labelled: BatchSampler;
  semi: SemiBranch | null;
  headOpt: ScheduledAdam;
  encoderOpt: ScheduledAdam;
  scratch: boolean;
}

/** One fine-tuning step at learning rate `lr` (the encoder learns too when `trainEncoder`): its loss, which the caller owns. */
function finetuneStep(c: StepContext, lr: number, trainEncoder: boolean): tf.Scalar {
  const { classifier, data, s, rng, semi } = c;
  const logits = (v: tf.Tensor4D) => classifier.logits(v);
  const vars = trainEncoder ? [...classifier.headVariables, ...classifier.encoderVariables] : classifier.headVariables;
  return tf.tidy(() => {
    const idx = c.labelled.next();
    const x = cropAndFlip(data.images.gather(idx), s.minCrop, rng);
    const y = tf.gather(data.labels, tf.tensor1d(idx, 'int32')) as tf.Tensor1D;
    const u = semi && data.images.gather(semi.sampler.next());
    const pseudo = semi && u && pseudoLabels(logits, u, s.minCrop, semi.settings, rng); // no gradient through the targets
    const { value, grads } = tf.variableGrads(() => {
      const supervised = crossEntropy(logits(x), y);
      if (!semi || !u || !pseudo) return supervised;
      return tf.add(supervised, tf.mul(consistencyLoss(logits, u, pseudo, rng), semi.settings.weight)) as tf.Scalar;
    }, vars);
    const pick = (list: tf.Variable[]) => list.filter((v) => grads[v.name]).map((v) => ({ name: v.name, tensor: grads[v.name] }));
    c.headOpt.setLearningRate(lr);
    c.headOpt.applyGradients(pick(classifier.headVariables));
    if (trainEncoder) {
      c.encoderOpt.setLearningRate(c.scratch ? lr : lr * s.encoderRate);
      c.encoderOpt.applyGradients(pick(classifier.encoderVariables));
    }
    for (const v of vars) if (v.shape.length >= 2) v.assign(tf.mul(v, 1 - lr * s.weightDecay)); // kernels of the layers that train
    return value;
  });
}

/** Fine-tune a classifier (the caller owns it): the encoder copied from the source, a fresh linear head fitted as the probe first. */
export async function finetuneClassifier(input: FinetuneInput): Promise<Classifier> {
  const s = input.settings ?? finetuneDefaults;
  const { data, train, scratch } = input;
  if (train.length === 0) throw new Error('Fine-tuning needs labelled train images.');
  const rng = new Rng(input.seed);
  const sample = data.images.gather(data.train.slice(0, 512));
  const classifier = new Classifier(input.source, data.numClasses, sample, rng.seed());
  sample.dispose();
  const labelled = new BatchSampler(train, s.batchSize, rng.seed());
  const semi = input.unlabelled?.length
    ? {
        sampler: new BatchSampler(input.unlabelled, Math.round(s.batchSize * (input.semi ?? semiDefaults).ratio), rng.seed()),
        settings: input.semi ?? semiDefaults,
      }
    : null;
  const headOpt = new ScheduledAdam(s.learningRate);
  const encoderOpt = new ScheduledAdam(s.learningRate);
  const frozen = scratch ? 0 : s.frozenSteps;
  const context: StepContext = { classifier, data, s, rng, labelled, semi, headOpt, encoderOpt, scratch };
  try {
    classifier.fitHead(data.images, train, data.labelsCpu, rng.seed());
    const steps = stepsFor(train.length, s);
    for (let step = 0; step < steps;) {
      const losses: tf.Scalar[] = [];
      for (let k = 0; k < SLICE && step < steps; k++, step++)
        losses.push(finetuneStep(context, learningRateAt(step, { ...s, steps }), step >= frozen));
      const values = await Promise.all(losses.map((l) => l.data()));
      tf.dispose(losses);
      if (values.some((v) => !Number.isFinite(v[0])))
        throw new Error(
          `Fine-tuning diverged (loss ${values.find((v) => !Number.isFinite(v[0]))![0]} by step ${step}): lower its learning rate.`,
        );
    }
    return classifier;
  } catch (e) {
    classifier.dispose();
    throw e;
  } finally {
    headOpt.dispose();
    encoderOpt.dispose();
  }
}

/** Steps at a budget of `images` labelled images: `epochs` passes, at least `minSteps`, at most `steps`. */
export function stepsFor(images: number, s: Pick<FinetuneSettings, 'steps' | 'epochs' | 'minSteps' | 'batchSize'>): number {
  return Math.min(s.steps, Math.max(s.minSteps, Math.ceil((s.epochs * images) / s.batchSize)));
}

/** The labelled train images of each budget of the sweep (k per class in the shared seeded order, then all). */
export function budgetSubsets(data: TrainingData): { perClass: number | 'all'; train: Int32Array }[] {
  const labelled = data.train.filter((i) => data.labelsCpu[i] >= 0);
  return [
    ...evalDefaults.labelBudgets.map((k) => ({ perClass: k, train: labelSubset(data.labelsCpu, data.train, k, evalDefaults.splitSeed) })),
    { perClass: 'all' as const, train: labelled },
  ];
}

export interface SweepInput extends Omit<FinetuneInput, 'train' | 'unlabelled'> {
  semi?: SemiSettings; // given: every train image also teaches without its label
}

/**
 * Fine-tune at every label budget and score each classifier on the test split. `onPoint` gets the points so far after
 * each budget (`done` after the last). Returns them with the classifier trained on all labels (the caller owns it).
 */
export async function finetuneSweep(
  input: SweepInput,
  onPoint: (points: SweepPoint[], done: boolean) => void = () => {},
): Promise<{ points: SweepPoint[]; classifier: Classifier; result: ClassificationResult }> {
  const { data } = input;
  if (data.numClasses < 2) throw new Error('Fine-tuning needs labels: put images in one sub-folder per class.');
  const points: SweepPoint[] = [];
  let held: Classifier | null = null;
  let result: ClassificationResult | null = null;
  try {
    for (const { perClass, train } of budgetSubsets(data)) {
      held?.dispose();
      held = null;
      held = await finetuneClassifier({ ...input, train, ...(input.semi && { unlabelled: data.train }) });
      result = await held.score(data.images, data.test, data.labelsCpu);
      points.push({ perClass, accuracy: result.accuracy, correct: result.correct });
      onPoint([...points], perClass === 'all');
    }
  } catch (e) {
    held?.dispose();
    throw e;
  }
  return { points, classifier: held!, result: result! };
}
