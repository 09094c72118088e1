import * as tf from '@tensorflow/tfjs';
import { cropAndFlip } from '../../data/augment';
import { greyscale, normalizeRgb, toRgbaImages } from '../../data/images';
import { abBins, annealedMean, labToRgb, nearestBin, rebalanceWeights, rgbToAb, rgbToLab, softEncode } from '../../data/lab';
import { accuracy, softCrossEntropy } from '../../losses/crossEntropy';
import { Encoder } from '../../models/encoder';
import { applyConv, conv, ParamStore, type Conv } from '../../models/layers';
import { encoderSizes } from '../../models/shapes';
import type { Rng } from '../../rng';
import { PER_INPUT } from '../stepLoad';
import type { Batch, Method, MethodModel, MethodSetup, StepOutput } from '../types';
import type { ColorizationView } from '../visualization';
import { info, params } from './info';

type Mode = ReturnType<typeof params.read>['mode'];

/** Spacing of the ab bins in Lab units (261 bins). */
const AB_GRID = 10;
/** Regression predicts ab / AB_SCALE so its targets are O(1). */
const AB_SCALE = 100;
/** Soft-encoded pixels per chunk when measuring the bin prior (bounds memory at create()). */
const PRIOR_CHUNK = 4_000_000;
/** Images shown by visualize(). */
const VIEW_IMAGES = 6;
/** Tensors of [cells, bins] alive at a step's peak (distances to the bins, soft targets, logits, softmax, their gradients). */
const PER_COLOUR_CELL_BIN = 30;

/**
 * The encoder's input while it learns: the image in grey, as RGB [B, R, R, 3] on the scale the other methods use.
 * An RGB encoder (the same starting weights as random init) fed grey pixels learns from lightness alone; probed on
 * colour photos it keeps the colour sensitivity of its initial weights, which grey inputs never trained away.
 */
function greyInput(images: tf.Tensor4D): tf.Tensor4D {
  return normalizeRgb(greyscale(images));
}

/** ab [B, R, R, 2] averaged down to the prediction grid, [B·size·size, 2]. */
function abTargets(ab: tf.Tensor4D, size: number): tf.Tensor2D {
  const r = ab.shape[1];
  const f = r / size;
  const small = f === 1 ? ab : Number.isInteger(f) ? tf.avgPool(ab, f, f, 'valid') : tf.image.resizeBilinear(ab, [size, size], false, true);
  return tf.reshape(small, [-1, 2]);
}

/**
 * Zhang et al. 2016 at small scale. The encoder sees L; a 1×1 conv on its last feature map predicts,
 * per map cell, a distribution over the in-gamut ab bins. Prediction happens at the map's resolution
 * (R / 2^(depth−1)) against ab averaged down to it: the full-resolution alternative costs 4^(depth−1)×
 * more logits for little gain, and the paper itself predicts at ¼ resolution and upsamples.
 */
class ColorizationModel implements MethodModel {
  readonly encoder: Encoder;
  readonly variables: tf.Variable[];
  private readonly store: ParamStore;
  private readonly head: Conv;
  private readonly centres: tf.Tensor2D; // [Q, 2] bin centres
  private readonly weights: tf.Tensor1D; // [Q] class-rebalancing weights
  private readonly mapSize: number;

  private readonly minCrop: number;

  constructor(
    setup: MethodSetup,
    private readonly mode: Mode,
  ) {
    const { cfg } = setup;
    this.minCrop = params.read(cfg).minCrop;
    this.encoder = new Encoder({ inChannels: 3, width: cfg.width, depth: cfg.depth }, setup.rng);
    const bins = abBins(AB_GRID);
    this.centres = tf.keep(tf.tensor2d(bins, [bins.length / 2, 2]));
    this.store = new ParamStore('colorization', setup.rng);
    this.head = conv(this.store, 'head', 1, this.encoder.featureDim, mode === 'regression' ? 2 : this.centres.shape[0]);
    this.variables = [...this.encoder.variables, ...this.store.list()];
    this.mapSize = tf.tidy(() => this.encoder.apply(tf.zeros([1, cfg.resolution, cfg.resolution, 3])).map.shape[1]);
    this.weights = tf.keep(tf.tidy(() => rebalanceWeights(this.binPrior(setup.sample))));
  }

  /** The dataset's soft-encoded ab bin distribution [Q], measured in chunks. Uniform for an empty sample. */
  private binPrior(sample: tf.Tensor4D): tf.Tensor1D {
    const q = this.centres.shape[0];
    const n = sample.shape[0];
    if (n === 0) return tf.fill([q], 1 / q) as tf.Tensor1D;
    const chunk = Math.max(1, Math.floor(PRIOR_CHUNK / (this.mapSize * this.mapSize * q)));
    let total: tf.Tensor1D = tf.zeros([q]);
    for (let start = 0; start < n; start += chunk) {
      const previous = total;
      total = tf.tidy(() => {
        const ab = rgbToAb(tf.slice(sample, [start, 0, 0, 0], [Math.min(chunk, n - start), -1, -1, -1]));
        return tf.add(previous, tf.sum(softEncode(abTargets(ab, this.mapSize), this.centres), 0));
      });
      previous.dispose();
    }
    return tf.div(total, tf.sum(total));
  }

  /** Head outputs [B·h·w, Q] (logits) or [B·h·w, 2] (ab / AB_SCALE) from the images' lightness. */
  private predict(images: tf.Tensor4D): tf.Tensor2D {
    const out = applyConv(this.head, this.encoder.apply(greyInput(images)).map);
    return tf.reshape(out, [-1, out.shape[3]]);
  }

  /** Predicted ab in Lab units, [P, 2]: the annealed mean, or the regression output. */
  private predictedAb(out: tf.Tensor2D): tf.Tensor2D {
    return this.mode === 'regression' ? tf.mul(out, AB_SCALE) : annealedMean(out, this.centres);
  }

  step(batch: Batch, rng: Rng): StepOutput {
    const images = cropAndFlip(batch.images, this.minCrop, rng);
    const out = this.predict(images);
    const ab = abTargets(rgbToAb(images), this.mapSize);
    const truth = nearestBin(ab, this.centres);
    const predAb = this.predictedAb(out);
    const abError = tf.mean(tf.sqrt(tf.sum(tf.square(tf.sub(predAb, ab)), 1))) as tf.Scalar;
    if (this.mode === 'regression') {
      const loss = tf.mean(tf.square(tf.sub(out, tf.div(ab, AB_SCALE)))) as tf.Scalar;
      const hit = tf.mean(tf.cast(tf.equal(nearestBin(predAb, this.centres), truth), 'float32')) as tf.Scalar;
      return { loss, metrics: { accuracy: hit, abError } };
    }
    // Each pixel's cross-entropy is weighted by the rebalancing weight of its nearest (true) bin.
    const loss = softCrossEntropy(out, softEncode(ab, this.centres), tf.gather(this.weights, truth));
    return { loss, metrics: { accuracy: accuracy(out, truth), abError } };
  }

  input(images: tf.Tensor4D): tf.Tensor4D {
    return normalizeRgb(images);
  }

  features(images: tf.Tensor4D): tf.Tensor2D {
    return this.encoder.features(this.input(images));
  }

  /** The ab bins and the rebalancing weights measured on the sample (the PyTorch export's experiment.json). */
  exportState(): Record<string, unknown> {
    return { centres: Array.from(this.centres.dataSync()), weights: Array.from(this.weights.dataSync()), mapSize: this.mapSize };
  }

  async visualize(batch: Batch): Promise<ColorizationView> {
    const [gray, predicted, original] = tf.tidy(() => {
      const n = Math.min(VIEW_IMAGES, batch.images.shape[0]);
      const images = tf.slice(batch.images, [0, 0, 0, 0], [n, -1, -1, -1]);
      const lab = rgbToLab(images);
      const r = images.shape[1];
      const l = tf.slice(lab, [0, 0, 0, 0], [-1, -1, -1, 1]);
      const ab = tf.reshape(this.predictedAb(this.predict(images)), [n, this.mapSize, this.mapSize, 2]) as tf.Tensor4D;
      const abFull = tf.image.resizeBilinear(ab, [r, r], false, true);
      return [labToRgb(tf.concat([l, tf.zerosLike(abFull)], 3)), labToRgb(tf.concat([l, abFull], 3)), images] as tf.Tensor4D[];
    });
    const [g, p, o] = await Promise.all([toRgbaImages(gray), toRgbaImages(predicted), toRgbaImages(original)]);
    tf.dispose([gray, predicted, original]);
    return { kind: 'colorization', items: g.map((image, i) => ({ gray: image, predicted: p[i], original: o[i] })) };
  }

  dispose(): void {
    this.encoder.dispose();
    this.store.dispose();
    tf.dispose([this.centres, this.weights]);
  }
}

export const colorization: Method = {
  ...info,
  create(setup: MethodSetup): MethodModel {
    return new ColorizationModel(setup, params.read(setup.cfg).mode);
  },
  stepLoad(c) {
    const map = encoderSizes(c.resolution, c.depth).at(-1)!; // it predicts per cell of the last feature map
    const bins = abBins(AB_GRID).length / 2;
    const cells = c.batchSize * map * map;
    const lightness = { images: c.batchSize, side: c.resolution, channels: 1, copies: PER_INPUT };
    return { encoded: [lightness], extra: [{ floats: cells * bins, copies: PER_COLOUR_CELL_BIN }] };
  },
};
