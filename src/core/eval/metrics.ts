import * as tf from '@tensorflow/tfjs';

/** Classification quality on a held-out set. */
export interface ClassificationResult {
  accuracy: number; // fraction of test rows predicted correctly
  perClass: number[]; // recall of each class; NaN for a class with no test rows
  confusion: number[][]; // counts, rows = true class, cols = predicted class
  correct: Uint8Array; // [test rows] 1 where the prediction was right: what a paired test between two classifiers reads
}

/** Confusion matrix built on the device (oneHotᵀ·oneHot), read back once. Inputs are not owned. */
export async function classificationReport(predicted: tf.Tensor1D, truth: tf.Tensor1D, numClasses: number): Promise<ClassificationResult> {
  const matrix = tf.tidy(() => {
    const hot = (x: tf.Tensor1D) => tf.cast(tf.oneHot(tf.cast(x, 'int32'), numClasses), 'float32'); // WASM matMul: float32 only
    return tf.matMul(hot(truth), hot(predicted), true, false);
  });
  const [values, predictions, labels] = await Promise.all([matrix.data(), predicted.data(), truth.data()]);
  matrix.dispose();
  const correct = Uint8Array.from(predictions, (p, i) => (Math.round(p) === Math.round(labels[i]) ? 1 : 0));
  const confusion = Array.from({ length: numClasses }, (_, r) =>
    Array.from(values.subarray(r * numClasses, (r + 1) * numClasses), Math.round),
  );
  const total = confusion.reduce((s, row) => s + row.reduce((a, b) => a + b, 0), 0);
  const right = confusion.reduce((s, row, c) => s + row[c], 0);
  const perClass = confusion.map((row, c) => {
    const n = row.reduce((a, b) => a + b, 0);
    return n > 0 ? row[c] / n : NaN;
  });
  return { accuracy: total > 0 ? right / total : NaN, perClass, confusion, correct };
}
