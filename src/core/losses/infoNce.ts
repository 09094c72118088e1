import * as tf from '@tensorflow/tfjs';
import { accuracy } from './crossEntropy';

/** Dot-product scores [n, m] of every prediction [n, d] against every candidate [m, d]. */
export function infoNceScores(predictions: tf.Tensor2D, candidates: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(predictions, candidates, false, true);
}

/**
 * log Σ_j exp(x[i, j]) of each row of x [n, m] → [n]. The gradient, softmax(x)·dy, reuses the forward's
 * exponentials: the score table is large (CPC: B·G²·K × B·G²) and exp is its costliest pass, which
 * autodiff through logSoftmax would run twice.
 */
export const rowLogSumExp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc]; // tfjs passes the inputs, then the save function
  const max = tf.max(x, 1, true);
  const exps = tf.exp(tf.sub(x, max));
  const total = tf.sum(exps, 1, true);
  save([exps, total]);
  return {
    value: tf.reshape(tf.add(max, tf.log(total)), [-1]),
    gradFunc: (dy: tf.Tensor, [e, t]: tf.Tensor[]) => tf.mul(e, tf.div(tf.reshape(dy, [-1, 1]), t)),
  };
});

/**
 * InfoNCE (van den Oord et al. 2018): each prediction must pick its positive among all candidates.
 * `positives` [n] int32 holds the candidate index of each prediction's positive; every other
 * candidate is a negative. Returns the mean cross-entropy and the top-1 accuracy.
 * The cross-entropy is log Σ exp(scores) − the positive's score, the latter a row-wise dot product of
 * [n, d] tensors: no one-hot [n, m] table, and the gradient reaches the big table through the softmax only.
 */
export function infoNce(
  predictions: tf.Tensor2D,
  candidates: tf.Tensor2D,
  positives: tf.Tensor1D,
): { loss: tf.Scalar; accuracy: tf.Scalar } {
  return tf.tidy(() => {
    const scores = infoNceScores(predictions, candidates);
    const positive = tf.sum(tf.mul(predictions, tf.gather(candidates, positives)), 1);
    return { loss: tf.mean(tf.sub(rowLogSumExp(scores), positive)) as tf.Scalar, accuracy: accuracy(scores, positives) };
  });
}

/**
 * NT-Xent (SimCLR, Chen et al. 2020): rows i of `a` and `b` [n, d] embed two views of one image. Every one of the
 * 2n embeddings (L2-normalised, scores divided by `temperature`) must pick its partner among the other 2n − 1.
 * Returns the mean cross-entropy and the top-1 accuracy of that pick.
 */
export function ntXent(a: tf.Tensor2D, b: tf.Tensor2D, temperature: number): { loss: tf.Scalar; accuracy: tf.Scalar } {
  return tf.tidy(() => {
    const n = a.shape[0];
    const z = tf.div(tf.concat([a, b]), tf.norm(tf.concat([a, b]), 'euclidean', 1, true).maximum(1e-8)) as tf.Tensor2D;
    const partners = tf.tensor1d(
      Int32Array.from({ length: 2 * n }, (_, i) => (i + n) % (2 * n)),
      'int32',
    );
    const self = tf.mul(tf.eye(2 * n), 1e4); // exp(−1e4) = 0: an embedding is never its own candidate
    const scores = tf.sub(tf.div(infoNceScores(z, z), temperature), self) as tf.Tensor2D;
    const positive = tf.div(tf.sum(tf.mul(z, tf.gather(z, partners)), 1), temperature);
    return { loss: tf.mean(tf.sub(rowLogSumExp(scores), positive)) as tf.Scalar, accuracy: accuracy(scores, partners) };
  });
}
