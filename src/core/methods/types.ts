import type * as tf from '@tensorflow/tfjs';
import type { ParamValue, TrainConfig } from '../config';
import type { Encoder } from '../models/encoder';
import type { Rng } from '../random';
import type { TextEncoder } from '../text/encoder';
import type { MethodInfo, TextMethodInfo } from './catalog';
import type { MethodView } from './visualization';

export type { MethodId, MethodInfo, Modality, ParamSpec, TextMethodId, TextMethodInfo } from './catalog';

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

/**
 * A method bound to its weights. Every tensor-returning call runs inside the caller's tf.tidy. The type parameters
 * are the modality's batch, encoder input, encoder and view; the defaults are the image ones.
 */
export interface MethodModel<B = Batch, X extends tf.Tensor = tf.Tensor4D, E = Encoder, V = MethodView> {
  encoder: E;
  variables: tf.Variable[]; // everything the optimizer updates (encoder + heads); empty for `random`
  /** Inputs, targets and loss for one batch. Must be differentiable w.r.t. `variables`. */
  step(batch: B, rng: Rng): StepOutput;
  /** The encoder's input from images in [0, 1] (what `features` feeds it): a fine-tuned copy of the encoder reads the same. */
  input(x: X): X;
  /** Frozen pooled features for the probes: [B, featureDim]. */
  features(x: X): tf.Tensor2D;
  /** View data from the current weights on held-out items (the batch is not owned). */
  visualize(batch: B): Promise<V>;
  /** What the method drew at create() beyond its weights, as plain JSON (jigsaw: its permutation set); the PyTorch export ships it. */
  exportState?(): Record<string, unknown>;
  dispose(): void;
}

/** One self-supervised (or reference) method: its catalog entry and its implementation (one file, one registry line). */
export interface Method extends MethodInfo {
  create(setup: MethodSetup): MethodModel;
}

/** One step's token windows as the text trainer hands them over. */
export interface TextBatch {
  tokens: tf.Tensor2D; // [B, T + 1] int32 word ids, 0 = pad (trailing): a method reads T of them and predicts from them
  labels: tf.Tensor1D; // [B] int32 author/class of each window's item, -1 where unlabelled
}

export interface TextMethodSetup {
  cfg: TrainConfig; // width = model width, depth = transformer blocks
  numClasses: number;
  rng: Rng;
  vocabSize: number; // the learned vocabulary's size (ids 0…vocabSize−1)
  seqLen: number; // T, tokens the encoder reads per row
}

/** Attention weights of one held-out window, for the attention map: [blocks][heads][T][T], rows = queries. */
export interface TextView {
  kind: 'attention';
  tokens: number[]; // the window's T ids (pads included)
  weights: number[][][][];
}

/** A text method bound to its weights: `input`/`features` read token ids [B, T]. */
export interface TextMethodModel extends MethodModel<TextBatch, tf.Tensor2D, TextEncoder, TextView> {
  /** Next-word logits [B, T, V] for rows of ids [B, T] (position t predicts the id at t + 1): causal language models only. */
  nextWordLogits?(tokens: tf.Tensor2D): tf.Tensor3D;
}

/** One text method: its catalog entry (modality 'text') and its implementation (one folder, one registry line). */
export type TextMethod = TextMethodInfo & {
  create(setup: TextMethodSetup): TextMethodModel;
};

/** The value of a method param from a config, falling back to the spec default. */
export function param<T extends ParamValue>(method: Pick<Method, 'params'>, cfg: TrainConfig, key: string): T {
  const spec = method.params.find((p) => p.key === key);
  if (!spec) throw new Error(`Unknown param ${key}`);
  return (cfg.params[key] ?? spec.default) as T;
}
