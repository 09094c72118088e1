import * as tf from '@tensorflow/tfjs';
import type { ImageSource } from '../data/imageStore';
import { labelSubset, type Split } from '../data/split';
import type { MethodModel } from '../methods/types';
import { extractFeatures, standardize } from './features';
import { knnAccuracy, type KnnResult } from './knn';
import { linearProbe } from './linearProbe';
import type { ClassificationResult } from './metrics';
import { pcaProjection } from './pca';
import { NEEDS_LABELS, TOO_FEW_LABELS } from './reasons';

export interface EvaluateInput {
  model: Pick<MethodModel, 'features'>; // frozen; not owned
  images: ImageSource; // the whole dataset [N, R, R, 3] in [0, 1]; not owned
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
}

export interface Projection {
  indices: Int32Array; // image index of each point (the test split)
  points: Float32Array; // [n·2] PCA coordinates x0, y0, x1, y1, … of the standardized features
}

export interface EncoderEvaluation {
  probe: ClassificationResult | null;
  knn: KnnResult | null;
  reason: string | null; // why probe and knn are null
  projection: Projection;
  sweep?: SweepPoint[]; // one point per budget, then 'all'
}

/**
 * Frozen-feature evaluation of one encoder: features of the labelled train images and the test split (standardized with train
 * statistics — labels play no part, so the sweep's small subsets share them), a linear probe, cosine kNN,
 * a 2-D PCA of the test features, and optionally the probe re-trained on k labels per class.
 * Creates no lasting tensors.
 */
export async function evaluateEncoder(input: EvaluateInput): Promise<EncoderEvaluation> {
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
    const projection = { indices: split.test, points: await pcaProjection(features.test) };
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
        sweep.push({ perClass, accuracy: (await probeOn(trainSet(labelledRows(split.train, subset, labels)))).accuracy });
      }
      sweep.push({ perClass: 'all', accuracy: probe.accuracy });
    }
    return { probe, knn, reason: null, projection, sweep };
  } finally {
    tf.dispose(owned);
  }
}

/** Row positions within `indices` of the labelled images among `chosen`. */
function labelledRows(indices: Int32Array, chosen: Int32Array, labels: Int32Array): Int32Array {
  const rowOf = new Map<number, number>();
  indices.forEach((image, row) => rowOf.set(image, row));
  return Int32Array.from(chosen.filter((image) => labels[image] >= 0), (image) => rowOf.get(image)!);
}
