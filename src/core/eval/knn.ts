import * as tf from '@tensorflow/tfjs';
import { evalDefaults } from '../config';
import { batchedRows } from './features';
import { classificationReport, type ClassificationResult } from './metrics';

export interface KnnInput {
  trainX: tf.Tensor2D; // [n, d] features (not owned)
  trainY: Int32Array; // [n] class per train row
  testX: tf.Tensor2D; // [m, d] (not owned)
  testY: Int32Array; // [m]
  numClasses: number;
  k?: number; // neighbours, default evalDefaults.knnK, clamped to [1, n]
  batchSize?: number; // test rows per similarity block [batchSize, n], default 256
}

export interface KnnResult extends ClassificationResult {
  k: number; // the k actually used (after clamping to the train size)
}

/**
 * Cosine kNN: each test row takes the majority label of its k most similar train rows. A tie in votes goes to
 * the tied class whose neighbours have the larger summed similarity (score = votes·(2k+1) + Σ similarity,
 * and |Σ similarity| ≤ k, so votes always dominate); an exact tie in both goes to the lower class index.
 */
export async function knnAccuracy(input: KnnInput): Promise<KnnResult> {
  const { numClasses } = input;
  const n = input.trainX.shape[0];
  if (n === 0) throw new Error('kNN needs at least one train row.');
  const k = Math.max(1, Math.min(input.k ?? evalDefaults.knnK, n));
  const unit = (x: tf.Tensor2D) => tf.div(x, tf.maximum(tf.norm(x, 2, 1, true), 1e-12)) as tf.Tensor2D;
  const trainN = tf.tidy(() => unit(input.trainX));
  const testN = tf.tidy(() => unit(input.testX));
  const trainY = tf.tensor1d(input.trainY, 'int32');
  const testY = tf.tensor1d(input.testY, 'int32');
  const rows = Int32Array.from({ length: testN.shape[0] }, (_, i) => i);
  const predicted = batchedRows(rows, input.batchSize ?? 256, (idx) => {
    const sim = tf.matMul(tf.gather(testN, idx), trainN, false, true); // [b, n]
    const { values, indices } = tf.topk(sim, k); // [b, k]
    const votes = tf.cast(tf.oneHot(tf.gather(trainY, indices), numClasses), 'float32'); // [b, k, C]
    const counts = tf.sum(votes, 1);
    const simSums = tf.sum(tf.mul(votes, tf.expandDims(values, 2)), 1);
    return tf.argMax(tf.add(tf.mul(counts, 2 * k + 1), simSums), -1) as tf.Tensor1D;
  });
  try {
    return { ...(await classificationReport(predicted, testY, numClasses)), k };
  } finally {
    tf.dispose([trainN, testN, trainY, testY, predicted]);
  }
}
