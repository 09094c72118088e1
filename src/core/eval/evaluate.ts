import * as tf from '@tensorflow/tfjs';
import { evalDefaults } from '../config';
import { labelSubset, type Split } from '../data/split';
import { Rng } from '../random';
import { extractFeatures, standardize } from './features';
import { knnAccuracy, type KnnResult } from './knn';
import { linearProbe } from './linearProbe';
import type { ClassificationResult } from './metrics';
import { pcaProjection } from './pca';
import { umapProjection } from './umap';
import { NEEDS_LABELS, TOO_FEW_LABELS } from './reasons';

/** `X`: what the model's features read, [B, R, R, 3] images by default; text passes token ids. */
export interface EvaluateInput<X extends tf.Tensor = tf.Tensor4D> {
  model: { features(x: X): tf.Tensor2D }; // frozen; not owned
  images: { gather(indices: Int32Array): X }; // the whole dataset ([N, R, R, 3] in [0, 1] for images); not owned
  labels: Int32Array; // [N] class per image, -1 where unlabelled
  split: Split; // the dataset's split, the same for every method
  numClasses: number;
  seed: number; // probe init and label subsets: pass the same seed for every method so they compare fairly
  budgets?: number[]; // labels per class for the label-efficiency sweep (e.g. evalDefaults.labelBudgets); omitted → no sweep
  batchSize?: number; // images per feature batch (fixed shape), default 64
  knnK?: number; // default evalDefaults.knnK
  probeEpochs?: number; // default evalDefaults.probeEpochs
}

export interface SweepPoint {
  perClass: number | 'all'; // train labels per class the probe saw
  accuracy: number; // probe accuracy on the full test split
  correct?: Uint8Array; // [test images] 1 where the probe was right (absent in runs saved before it was kept)
}

/** The probe cross-validated over every labelled image (train and test): a small folder measured on all its labels. */
export interface CrossValidation {
  folds: number;
  accuracy: number;
  correct: Uint8Array; // [labelled images: the train split's, then the test split's] 1 where the held-out fold's probe was right
}

export interface Projection {
  indices: Int32Array; // image index of each point (the test split)
  points: Float32Array; // [n·2] PCA coordinates x0, y0, x1, y1, … of the standardized features
  umap?: Float32Array | null; // [n·2] seeded UMAP of the same features; null under UMAP_MIN_POINTS, absent on runs saved before UMAP
}

export interface EncoderEvaluation {
  probe: ClassificationResult | null;
  knn: KnnResult | null;
  reason: string | null; // why probe and knn are null
  projection: Projection;
  sweep?: SweepPoint[]; // one point per budget, then 'all'
  cv?: CrossValidation; // when the labelled test split is smaller than evalDefaults.smallTest
}

/**
 * Frozen-feature evaluation of one encoder: features of the labelled train images and the test split (standardized with train
 * statistics — labels play no part, so the sweep's small subsets share them), a linear probe, cosine kNN,
 * a 2-D PCA and a seeded UMAP of the test features, and optionally the probe re-trained on k labels per class.
 * Creates no lasting tensors.
 */
export async function evaluateEncoder<X extends tf.Tensor = tf.Tensor4D>(input: EvaluateInput<X>): Promise<EncoderEvaluation> {
  const { labels, numClasses, seed } = input;
  // Unlabelled train images (a pre-training pool can hold thousands) are of no use to the probes.
  const split = { train: numClasses >= 2 ? input.split.train.filter((i) => labels[i] >= 0) : input.split.train, test: input.split.test };
  const batchSize = input.batchSize ?? 64;
  const raw = {
    train: extractFeatures(input.model, input.images, split.train, batchSize),
    test: extractFeatures(input.model, input.images, split.test, batchSize),
  };
  const features = standardize(raw.train, raw.test);
  tf.dispose([raw.train, raw.test]);
  const owned: tf.Tensor[] = [features.train, features.test];
  try {
    const projection = {
      indices: split.test,
      points: await pcaProjection(features.test),
      umap: umapProjection((await features.test.data()) as Float32Array, ...features.test.shape, seed),
    };
    const none = (reason: string): EncoderEvaluation => ({ probe: null, knn: null, reason, projection });
    if (numClasses < 2) return none(NEEDS_LABELS);
    const trainRows = labelledRows(split.train, split.train, labels);
    const testRows = labelledRows(split.test, split.test, labels);
    if (trainRows.length === 0 || testRows.length === 0) return none(TOO_FEW_LABELS);

    const rowsOf = (x: tf.Tensor2D, rows: Int32Array) => {
      const t = tf.gather(x, rows) as tf.Tensor2D;
      owned.push(t);
      return t;
    };
    const labelsOf = (indices: Int32Array, rows: Int32Array) => rows.map((r) => labels[indices[r]]);
    const trainSet = (rows: Int32Array) => ({ trainX: rowsOf(features.train, rows), trainY: labelsOf(split.train, rows) });
    const common = { testX: rowsOf(features.test, testRows), testY: labelsOf(split.test, testRows), numClasses };
    const probeOn = (train: ReturnType<typeof trainSet>) => linearProbe({ ...train, ...common, seed, epochs: input.probeEpochs });

    const full = trainSet(trainRows);
    const probe = await probeOn(full);
    const knn = await knnAccuracy({ ...full, ...common, k: input.knnK });
    let sweep: SweepPoint[] | undefined;
    if (input.budgets) {
      sweep = [];
      for (const perClass of input.budgets) {
        const subset = labelSubset(labels, split.train, perClass, seed);
        const { accuracy, correct } = await probeOn(trainSet(labelledRows(split.train, subset, labels)));
        sweep.push({ perClass, accuracy, correct });
      }
      sweep.push({ perClass: 'all', accuracy: probe.accuracy, correct: probe.correct });
    }
    const small = testRows.length < evalDefaults.smallTest;
    const cv = small
      ? await crossValidate(
          tf.concat([full.trainX, common.testX]) as tf.Tensor2D,
          Int32Array.from([...full.trainY, ...common.testY]),
          input,
        )
      : undefined;
    return { probe, knn, reason: null, projection, sweep, ...(cv && { cv }) };
  } finally {
    tf.dispose(owned);
  }
}

/**
 * k-fold cross-validation of the linear probe over the rows of `x` (owned: disposed here): stratified folds (each
 * class dealt round-robin over the folds in a seeded order), a probe trained on the other folds scores each one.
 */
async function crossValidate(
  x: tf.Tensor2D,
  y: Int32Array,
  input: Pick<EvaluateInput, 'seed' | 'numClasses' | 'probeEpochs'>,
): Promise<CrossValidation> {
  const folds = evalDefaults.cvFolds;
  const fold = stratifiedFolds(y, folds, input.seed);
  const correct = new Uint8Array(y.length);
  try {
    for (let f = 0; f < folds; f++) {
      const test = Int32Array.from(y.keys()).filter((i) => fold[i] === f);
      const train = Int32Array.from(y.keys()).filter((i) => fold[i] !== f);
      if (test.length === 0 || train.length === 0) continue;
      const [trainX, testX] = [tf.gather(x, train) as tf.Tensor2D, tf.gather(x, test) as tf.Tensor2D];
      try {
        const r = await linearProbe({
          trainX,
          trainY: train.map((i) => y[i]),
          testX,
          testY: test.map((i) => y[i]),
          numClasses: input.numClasses,
          seed: input.seed,
          epochs: input.probeEpochs,
        });
        test.forEach((row, k) => (correct[row] = r.correct[k]));
      } finally {
        tf.dispose([trainX, testX]);
      }
    }
  } finally {
    x.dispose();
  }
  return { folds, accuracy: correct.reduce((a, b) => a + b, 0) / Math.max(1, y.length), correct };
}

/** The fold of each row: every class's rows, in a seeded order, dealt to folds 0, 1, …, k−1, 0, … */
export function stratifiedFolds(labels: Int32Array, k: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const fold = new Int32Array(labels.length);
  const byClass = new Map<number, number[]>();
  labels.forEach((l, i) => {
    if (!byClass.has(l)) byClass.set(l, []);
    byClass.get(l)!.push(i);
  });
  for (const key of [...byClass.keys()].sort((a, b) => a - b))
    (rng.shuffle(byClass.get(key)!) as number[]).forEach((row, j) => (fold[row] = j % k));
  return fold;
}

/** Row positions within `indices` of the labelled images among `chosen`. */
function labelledRows(indices: Int32Array, chosen: Int32Array, labels: Int32Array): Int32Array {
  const rowOf = new Map<number, number>();
  indices.forEach((image, row) => rowOf.set(image, row));
  return Int32Array.from(
    chosen.filter((image) => labels[image] >= 0),
    (image) => rowOf.get(image)!,
  );
}
