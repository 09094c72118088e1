import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../config';
import { colorDistort } from '../../data/augment';
import { normalizeRgb, toRgbaImages } from '../../data/images';
import { infoNce, infoNceScores } from '../../losses/infoNce';
import { MaskedContext } from '../../models/context';
import { Encoder } from '../../models/encoder';
import { ParamStore } from '../../models/layers';
import { featureDim } from '../../models/shapes';
import type { Rng } from '../../rng';
import { PER_SCORE, rgb } from '../stepLoad';
import type { Batch, Method, MethodModel, MethodSetup, StepOutput } from '../types';
import type { CpcView } from '../visualization';
import { info, params } from './info';

/** Copies of the patches alive at a step's peak: gathered, normalised, and their gradients. */
const PER_PATCH = 16;
/** Copies of the context and the K predictions per patch code (context network, predictor, gradients). */
const PER_PREDICTION = 32;

export interface CpcGeometry {
  patch: number; // patch side in px at the run's resolution
  stride: number; // px between neighbouring patches
  grid: number; // G: patches per row and per column
  maxOffset: number; // K: rows ahead predicted, ≤ G − 1
}

/** Patch size and stride are set for 32 px images and scale with the resolution, so G stays put. */
export function cpcGeometry(cfg: TrainConfig): CpcGeometry {
  const { patchSize, stride: strideAt32, maxOffset } = params.read(cfg);
  const scale = cfg.resolution / 32;
  const patch = Math.max(2, Math.round(patchSize * scale));
  const stride = Math.max(1, Math.round(strideAt32 * scale));
  const grid = Math.floor((cfg.resolution - patch) / stride) + 1;
  if (grid < 2)
    throw new Error(
      `CPC needs at least a 2×2 patch grid: ${patch} px patches every ${stride} px do not fit twice in ${cfg.resolution} px.`,
    );
  return { patch, stride, grid, maxOffset: Math.min(maxOffset, grid - 1) };
}

/** Pixel index (y·R + x) of every patch pixel, in patch order n = i·G + j, then row, then column. */
function patchPixelIndex(resolution: number, { patch, stride, grid }: CpcGeometry): Int32Array {
  const idx = new Int32Array(grid * grid * patch * patch);
  let k = 0;
  for (let i = 0; i < grid; i++)
    for (let j = 0; j < grid; j++)
      for (let y = 0; y < patch; y++) for (let x = 0; x < patch; x++) idx[k++] = (i * stride + y) * resolution + j * stride + x;
  return idx;
}

/**
 * CPC (van den Oord et al. 2018; Hénaff et al. 2019). Every image is cut into a G×G grid of
 * overlapping patches; the shared encoder turns each into z[i, j] (patches folded into the batch);
 * a masked context network gives c[i, j] from rows ≤ i; ẑ[i+k, j] = W_k c[i, j] must pick the true
 * z[i+k, j] among all B·G·G patches of the batch (InfoNCE). Only group/layer norm: nothing mixes patches.
 */
export class CpcModel implements MethodModel {
  readonly encoder: Encoder;
  readonly variables: tf.Variable[];
  readonly geometry: CpcGeometry;
  private readonly store: ParamStore;
  private readonly context: MaskedContext;
  private readonly predictor: tf.Variable; // [D, K·D]: the K matrices W_k side by side, one matMul
  private readonly pixelIndex: Int32Array;
  private readonly jitter: number; // colour distortion strength per patch while training

  constructor(setup: MethodSetup) {
    const { cfg } = setup;
    this.geometry = cpcGeometry(cfg);
    this.pixelIndex = patchPixelIndex(cfg.resolution, this.geometry);
    this.encoder = new Encoder({ inChannels: 3, width: cfg.width, depth: cfg.depth }, setup.rng);
    const d = this.encoder.featureDim;
    this.store = new ParamStore('cpc', setup.rng);
    this.context = new MaskedContext(this.store, d);
    this.predictor = this.store.kernel('predictor', [d, this.geometry.maxOffset * d]);
    this.jitter = params.read(cfg).patchJitter;
    this.variables = [...this.encoder.variables, ...this.store.list()];
  }

  /** [B, R, R, 3] → patches [B·G·G, p, p, 3], patch n = b·G·G + i·G + j (a flat gather: no batchDims). */
  patches(images: tf.Tensor4D): tf.Tensor4D {
    const [b, r, , c] = images.shape;
    const { grid, patch } = this.geometry;
    const flat = tf.reshape(images, [b, r * r, c]);
    const picked = tf.gather(flat, tf.tensor1d(this.pixelIndex, 'int32'), 1);
    return tf.reshape(picked, [b * grid * grid, patch, patch, c]);
  }

  /** Patch codes z [B, G, G, D]; with `rng`, every patch's colours are distorted on their own first (CPC v2's patch jitter). */
  encodeGrid(images: tf.Tensor4D, rng?: Rng): tf.Tensor4D {
    const { grid } = this.geometry;
    const patches = this.patches(images);
    const seen =
      rng && this.jitter > 0 ? colorDistort(patches, { strength: this.jitter, jitterChance: 0.8, grayChance: 0.2 }, rng) : patches;
    const z = this.encoder.apply(normalizeRgb(seen)).pooled;
    return tf.reshape(z, [images.shape[0], grid, grid, this.encoder.featureDim]);
  }

  /** Context c [B, G, G, D]; c[:, i] depends on z[:, ≤ i] only. */
  contextOf(z: tf.Tensor4D): tf.Tensor4D {
    return this.context.apply(z);
  }

  /** Predictions ẑ for every context cell and offset, [B, G, G, K·D]: offset k in channels (k − 1)·D.. (4-D keeps WASM's slice fast). */
  private predictions(c: tf.Tensor4D): tf.Tensor4D {
    const [b, g, , d] = c.shape;
    const flat = tf.matMul(tf.reshape(c, [-1, d]), this.predictor as tf.Tensor2D);
    return tf.reshape(flat, [b, g, g, this.geometry.maxOffset * d]);
  }

  /** The patch geometry (the PyTorch export's experiment.json). */
  exportState(): Record<string, unknown> {
    return { geometry: this.geometry };
  }

  step(batch: Batch, rng: Rng): StepOutput {
    const z = this.encodeGrid(batch.images, rng);
    const [b, g, , d] = z.shape;
    const all = this.predictions(this.contextOf(z));
    const preds: tf.Tensor2D[] = [];
    const positives: number[] = [];
    for (let k = 1; k <= this.geometry.maxOffset; k++) {
      // Contexts in rows 0..G−k−1 predict row i + k; order (b, i, j) as the reshape lays them out.
      preds.push(tf.reshape(tf.slice(all, [0, 0, 0, (k - 1) * d], [b, g - k, g, d]), [-1, d]));
      for (let n = 0; n < b; n++) for (let i = 0; i < g - k; i++) for (let j = 0; j < g; j++) positives.push((n * g + i + k) * g + j);
    }
    const { loss, accuracy } = infoNce(tf.concat(preds, 0), tf.reshape(z, [-1, d]), tf.tensor1d(positives, 'int32'));
    return { loss, metrics: { accuracy } };
  }

  /** The probe's features of the whole image, as for every method (a fully convolutional encoder takes any size). */
  input(images: tf.Tensor4D): tf.Tensor4D {
    return normalizeRgb(images);
  }

  features(images: tf.Tensor4D): tf.Tensor2D {
    return this.encoder.features(this.input(images));
  }

  /** The full score table for the batch's first image against every patch of the batch. */
  async visualize(batch: Batch): Promise<CpcView> {
    const imageIndex = 0;
    const { grid, patch, stride, maxOffset } = this.geometry;
    const [table, patches, image] = tf.tidy(() => {
      const z = this.encodeGrid(batch.images);
      const d = z.shape[3];
      const all = this.predictions(this.contextOf(z));
      const mine = tf.reshape(tf.slice(all, [imageIndex, 0, 0, 0], [1, -1, -1, -1]), [-1, d]) as tf.Tensor2D; // rows (i, j, k)
      const shown = tf.slice(batch.images, [imageIndex, 0, 0, 0], [1, -1, -1, -1]);
      return [infoNceScores(mine, tf.reshape(z, [-1, d])), this.patches(batch.images), shown] as [tf.Tensor2D, tf.Tensor4D, tf.Tensor4D];
    });
    const scores = Float32Array.from(await table.data());
    const [patchImages, [shownImage]] = await Promise.all([toRgbaImages(patches), toRgbaImages(image)]);
    tf.dispose([table, patches, image]);
    const n = patchImages.length;
    // Row (i·G + j)·K + (k − 1) predicts row i + k, which does not exist when i + k ≥ G.
    for (let i = 0; i < grid; i++)
      for (let j = 0; j < grid; j++)
        for (let k = 1; k <= maxOffset; k++)
          if (i + k >= grid) scores.fill(NaN, ((i * grid + j) * maxOffset + k - 1) * n, ((i * grid + j) * maxOffset + k) * n);
    return { kind: 'cpc', image: shownImage, imageIndex, grid, patchSize: patch, stride, maxOffset, patches: patchImages, scores };
  }

  dispose(): void {
    this.encoder.dispose();
    this.store.dispose();
  }
}

export const cpc: Method = {
  ...info,
  create(setup: MethodSetup): MethodModel {
    return new CpcModel(setup);
  },
  stepLoad(c) {
    const { grid, patch, maxOffset } = cpcGeometry(c);
    let rows = 0; // predictions: every context cell with a row k below it, k = 1…K
    for (let k = 1; k <= maxOffset; k++) rows += (grid - k) * grid;
    const patches = c.batchSize * grid * grid; // G² patches per image
    const scores = { floats: c.batchSize * rows * patches, copies: PER_SCORE };
    const predictions = { floats: patches * maxOffset * featureDim(c), copies: PER_PREDICTION };
    return { encoded: [rgb(patches, patch, PER_PATCH)], extra: [scores, predictions] };
  },
};
