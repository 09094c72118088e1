import type * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../config';
import type { Encoder } from '../models/encoder';
import type { Rng } from '../rng';
import type { MethodInfo } from './catalog';
import type { StepLoad } from './stepLoad';
import type { MethodView } from './visualization';

export type { MethodId, MethodInfo, ParamSpec } from './catalog';

/** One step's images as the trainer hands them over. */
export interface Batch {
  images: tf.Tensor4D; // [B, R, R, 3] float32 in [0, 1]
  labels: tf.Tensor1D; // [B] int32, -1 where unlabelled
}

export interface MethodSetup {
  cfg: TrainConfig;
  numClasses: number; // classes of the dataset (0 when unlabelled)
  classNames?: string[]; // their names, for views that show classes (absent: "class 0", "class 1"…)
  rng: Rng; // seeds weights and the method's own randomness
  sample: tf.Tensor4D; // up to ~512 train images [n, R, R, 3] in [0, 1] for dataset statistics; not owned
}

export interface StepOutput {
  loss: tf.Scalar;
  metrics: Record<string, tf.Scalar>; // keys are the method's metricNames
}

/** A method bound to its weights. Every tensor-returning call runs inside the caller's tf.tidy. */
export interface MethodModel {
  encoder: Encoder;
  variables: tf.Variable[]; // everything the optimizer updates (encoder + heads); empty for `random`
  /** Inputs, targets and loss for one batch. Must be differentiable w.r.t. `variables`. */
  step(batch: Batch, rng: Rng): StepOutput;
  /** The encoder's input from images in [0, 1] (what `features` feeds it): a fine-tuned copy of the encoder reads the same. */
  input(images: tf.Tensor4D): tf.Tensor4D;
  /** Frozen pooled features for the probes: [B, featureDim]. */
  features(images: tf.Tensor4D): tf.Tensor2D;
  /** View data from the current weights on held-out images (the batch is not owned). */
  visualize(batch: Batch): Promise<MethodView>;
  /** What the method drew at create() beyond its weights, as plain JSON (jigsaw: its permutation set); the PyTorch export ships it. */
  exportState?(): Record<string, unknown>;
  dispose(): void;
}

/** One self-supervised (or reference) method: its description (`<id>/info.ts`) and its implementation (`<id>/index.ts`). */
export interface Method extends MethodInfo {
  create(setup: MethodSetup): MethodModel;
  /** What one training step holds beyond the batch, for the memory estimate (train/memory.ts); empty for `random`. */
  stepLoad(cfg: TrainConfig): StepLoad;
}
