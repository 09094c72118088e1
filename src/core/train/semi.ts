import * as tf from '@tensorflow/tfjs';
import { colorDistort, cropAndFlip, randomResizedCrop } from '../data/augment';
import type { Rng } from '../rng';

// Semi-supervised fine-tuning in the manner of FixMatch (Sohn et al. 2020): the classifier labels each unlabelled
// image from a weak view (crop and flip); where it is confident, a strong view of the same image (a smaller crop and
// a colour distortion) is trained to give that class.

export interface SemiSettings {
  threshold: number; // a pseudo-label counts only where the weak view's top probability reaches this
  weight: number; // λ of the unlabelled loss in L = L_labelled + λ·L_unlabelled
  ratio: number; // unlabelled images per labelled one in a step (FixMatch's μ)
}

export const semiDefaults: SemiSettings = { threshold: 0.8, weight: 1, ratio: 1 };

/** The strong view: a crop of at least 20 % of the area, mirrored half the time, colours distorted at SimCLR's half strength. */
export function strongView(x: tf.Tensor4D, rng: Rng): tf.Tensor4D {
  return colorDistort(randomResizedCrop(x, { minScale: 0.2, flip: true }, rng), { strength: 0.5, jitterChance: 0.8, grayChance: 0.2 }, rng);
}

/** Pseudo-labels of images [U, R, R, 3] from a weak view: one-hot targets [U, C] and a mask [U] of the confident rows. Call it outside the gradient. */
export function pseudoLabels(
  logits: (x: tf.Tensor4D) => tf.Tensor2D,
  images: tf.Tensor4D,
  weakCrop: number,
  settings: SemiSettings,
  rng: Rng,
): { targets: tf.Tensor2D; mask: tf.Tensor1D } {
  const probs = tf.softmax(logits(cropAndFlip(images, weakCrop, rng)));
  return {
    targets: tf.oneHot(tf.argMax(probs, -1), probs.shape[1]) as tf.Tensor2D,
    mask: tf.cast(tf.greaterEqual(tf.max(probs, -1), settings.threshold), 'float32') as tf.Tensor1D,
  };
}

/** The unlabelled loss: mean over all U rows of mask·CE(logits of a strong view, pseudo-label). */
export function consistencyLoss(
  logits: (x: tf.Tensor4D) => tf.Tensor2D,
  images: tf.Tensor4D,
  { targets, mask }: ReturnType<typeof pseudoLabels>,
  rng: Rng,
): tf.Scalar {
  const perRow = tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits(strongView(images, rng)))), -1));
  return tf.mean(tf.mul(perRow, mask)) as tf.Scalar;
}
