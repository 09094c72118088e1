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
const rowLogSumExp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
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
export function infoNce(predictions: tf.Tensor2D, candidates: tf.Tensor2D, positives: tf.Tensor1D): { loss: tf.Scalar; accuracy: tf.Scalar } {
  return tf.tidy(() => {
    const scores = infoNceScores(predictions, candidates);
    const positive = tf.sum(tf.mul(predictions, tf.gather(candidates, positives)), 1);
    return { loss: tf.mean(tf.sub(rowLogSumExp(scores), positive)) as tf.Scalar, accuracy: accuracy(scores, positives) };
  });
}
