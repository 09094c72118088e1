import * as tf from '@tensorflow/tfjs';
import type { ImageSource } from '../data/imageStore';
import { batchedRows } from '../eval/features';
import { trainProbe } from '../eval/linearProbe';
import { classificationReport, type ClassificationResult } from '../eval/metrics';
import { Encoder } from '../models/encoder';
import { applyDense, dense, ParamStore, type Dense } from '../models/layers';
import type { MethodModel } from '../methods/types';
import { Rng } from '../rng';

/** Images per prediction batch (fixed shape, so kernels compile once). */
const PREDICT_BATCH = 64;

/**
 * A whole classifier: its own copy of a run's encoder (trainable), the run's input transform, a fixed standardization
 * of the joined-stage features (mean and std of the source encoder's features on `sample`: labels play no part, as for
 * the probe), and a linear head [probeDim → classes]. The source model is only read.
 */
export class Classifier {
  readonly encoder: Encoder;
  readonly head: Dense;
  private readonly headStore: ParamStore;
  private readonly mean: tf.Tensor1D;
  private readonly std: tf.Tensor1D;
  private readonly input: MethodModel['input'];

  constructor(
    source: Pick<MethodModel, 'encoder' | 'input'>,
    readonly numClasses: number,
    sample: tf.Tensor4D,
    seed: number,
  ) {
    const rng = new Rng(seed);
    this.input = source.input;
    this.encoder = new Encoder(source.encoder.cfg, rng.fork());
    const from = source.encoder.store.vars;
    for (const [name, v] of this.encoder.store.vars) v.assign(from.get(name)!);
    this.headStore = new ParamStore('classifier', rng.fork());
    this.head = dense(this.headStore, 'head', this.encoder.probeDim, numClasses);
    [this.mean, this.std] = tf.tidy(() => {
      const { mean, variance } = tf.moments(this.encoder.features(this.input(sample)), 0);
      return [tf.keep(mean as tf.Tensor1D), tf.keep(tf.maximum(tf.sqrt(variance), 1e-6) as tf.Tensor1D)];
    });
  }

  /** Standardized joined-stage features [B, probeDim] of images in [0, 1]: what the head reads. */
  features(images: tf.Tensor4D): tf.Tensor2D {
    return tf.div(tf.sub(this.encoder.features(this.input(images)), this.mean), this.std) as tf.Tensor2D;
  }

  /**
   * Set the head to the linear probe of the current encoder on the images at `indices` (unaugmented, full-batch, as the
   * frozen-encoder probe is trained): fine-tuning then starts from the probe's solution (LP-FT, Kumar et al. 2022).
   */
  fitHead(images: ImageSource, indices: Int32Array, labels: Int32Array, seed: number): void {
    const x = batchedRows(indices, PREDICT_BATCH, (idx) => this.features(images.gather(idx)));
    const { weights, bias } = trainProbe({ trainX: x, trainY: indices.map((i) => labels[i]), numClasses: this.numClasses, seed });
    this.head.kernel.assign(weights);
    this.head.bias.assign(bias);
    tf.dispose([x, weights, bias]);
  }

  /** Class scores [B, classes] of images [B, R, R, 3] in [0, 1] (differentiable w.r.t. `variables`). */
  logits(images: tf.Tensor4D): tf.Tensor2D {
    return applyDense(this.head, this.features(images));
  }

  get encoderVariables(): tf.Variable[] {
    return this.encoder.variables;
  }

  get headVariables(): tf.Variable[] {
    return this.headStore.list();
  }

  /** Class probabilities [n, classes] of the images at `indices` (the caller owns the result). */
  probabilities(images: ImageSource, indices: Int32Array): tf.Tensor2D {
    return batchedRows(indices, PREDICT_BATCH, (idx) => tf.softmax(this.logits(images.gather(idx))));
  }

  /** Accuracy, per-class recall, confusion and per-image results on the labelled images at `indices`. */
  async score(images: ImageSource, indices: Int32Array, labels: Int32Array): Promise<ClassificationResult> {
    const rows = indices.filter((i) => labels[i] >= 0);
    const probs = this.probabilities(images, rows);
    const predicted = tf.tidy(() => tf.argMax(probs, -1) as tf.Tensor1D);
    const truth = tf.tensor1d(
      rows.map((i) => labels[i]),
      'int32',
    );
    try {
      return await classificationReport(predicted, truth, this.numClasses);
    } finally {
      tf.dispose([probs, predicted, truth]);
    }
  }

  dispose(): void {
    this.encoder.dispose();
    this.headStore.dispose();
    tf.dispose([this.mean, this.std]);
  }
}
