import * as tf from '@tensorflow/tfjs';
import { accuracy, crossEntropy } from './crossEntropy';

/** Dot-product scores [n, m] of every prediction [n, d] against every candidate [m, d]. */
export function infoNceScores(predictions: tf.Tensor2D, candidates: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(predictions, candidates, false, true);
}

/**
 * InfoNCE (van den Oord et al. 2018): each prediction must pick its positive among all candidates.
 * `positives` [n] int32 holds the candidate index of each prediction's positive; every other
 * candidate is a negative. Returns the mean cross-entropy and the top-1 accuracy.
 */
export function infoNce(predictions: tf.Tensor2D, candidates: tf.Tensor2D, positives: tf.Tensor1D): { loss: tf.Scalar; accuracy: tf.Scalar } {
  return tf.tidy(() => {
    const scores = infoNceScores(predictions, candidates);
    return { loss: crossEntropy(scores, positives), accuracy: accuracy(scores, positives) };
  });
}
