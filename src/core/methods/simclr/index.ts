import * as tf from '@tensorflow/tfjs';
import { colorDistort, randomResizedCrop } from '../../data/augment';
import { normalizeRgb, toRgbaImages } from '../../data/images';
import { ntXent } from '../../losses/infoNce';
import { Encoder } from '../../models/encoder';
import { MlpHead } from '../../models/heads';
import { Rng } from '../../rng';
import { PER_SCORE, rgb } from '../stepLoad';
import type { Method, MethodModel, MethodSetup } from '../types';
import type { ContrastiveView } from '../visualization';
import { info, params, viewSide } from './info';

const VIEW_IMAGES = 6;
/** Copies of the views alive at a step's peak: cropped, then each colour change (brightness, contrast, saturation, hue, grey) makes one. */
const PER_VIEW = 14;

export const simclr: Method = {
  ...info,
  create(setup: MethodSetup): MethodModel {
    const { cfg, rng } = setup;
    const { temperature, minScale, colorStrength, projection } = params.read(cfg);
    const crop = { minScale, flip: true, size: viewSide(cfg) };
    const color = { strength: colorStrength, jitterChance: 0.8, grayChance: 0.2 };
    const encoder = new Encoder({ inChannels: 3, width: cfg.width, depth: cfg.depth }, rng);
    const d = encoder.featureDim;
    const head = new MlpHead('simclr/head', [d, d, projection], rng);
    const viewSeed = rng.seed();
    /** Two augmented views of every image, [2B, R, R, 3]: rows i and B + i come from image i. */
    const views = (x: tf.Tensor4D, r: Rng) => tf.concat([0, 1].map(() => colorDistort(randomResizedCrop(x, crop, r), color, r)));
    const embed = (v: tf.Tensor4D) => head.apply(encoder.apply(normalizeRgb(v)).pooled);
    return {
      encoder,
      variables: [...encoder.variables, ...head.variables],
      step(batch, r) {
        const b = batch.images.shape[0];
        const z = embed(views(batch.images, r));
        const { loss, accuracy } = ntXent(tf.slice(z, 0, b), tf.slice(z, b, b), temperature);
        return { loss, metrics: { accuracy } };
      },
      input: normalizeRgb,
      features: (images) => encoder.features(normalizeRgb(images)),
      async visualize(batch): Promise<ContrastiveView> {
        const n = Math.min(VIEW_IMAGES, batch.images.shape[0]);
        const [pair, similarity] = tf.tidy(() => {
          const v = views(tf.slice(batch.images, 0, n), new Rng(viewSeed));
          const z = embed(v);
          const unit = tf.div(z, tf.norm(z, 'euclidean', 1, true).maximum(1e-8)) as tf.Tensor2D;
          return [v, tf.matMul(tf.slice(unit, 0, n), tf.slice(unit, n, n), false, true)];
        });
        const [pictures, sim] = await Promise.all([toRgbaImages(pair as tf.Tensor4D), similarity.data()]);
        tf.dispose([pair, similarity]);
        return { kind: 'contrastive', first: pictures.slice(0, n), second: pictures.slice(n), similarity: Array.from(sim) };
      },
      dispose() {
        encoder.dispose();
        head.dispose();
      },
    };
  },
  stepLoad: (c) => ({
    encoded: [rgb(2 * c.batchSize, viewSide(c), PER_VIEW)], // 2 views
    extra: [{ floats: 4 * c.batchSize * c.batchSize, copies: PER_SCORE }],
  }),
};
