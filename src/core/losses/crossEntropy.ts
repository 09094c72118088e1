import * as tf from '@tensorflow/tfjs';

/** Mean softmax cross-entropy of integer labels. logits [n, c], labels [n] int32. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const targets = tf.oneHot(labels, logits.shape[1]);
  return softCrossEntropy(logits, targets);
}

/** Mean cross-entropy against soft targets [n, c] (rows sum to 1), with optional per-row weights [n]. */
export function softCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor, weights?: tf.Tensor1D): tf.Scalar {
  const perRow = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), -1));
  return (weights ? tf.div(tf.sum(tf.mul(perRow, weights)), tf.sum(weights)) : tf.mean(perRow)) as tf.Scalar;
}

/** Fraction of rows whose argmax equals the label. */
export function accuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'float32')) as tf.Scalar;
}
