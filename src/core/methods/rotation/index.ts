import * as tf from '@tensorflow/tfjs';
import { normalizeRgb, toRgbaImages } from '../../data/images';
import { cropAndFlip } from '../../data/augment';
import { allRotations } from '../../data/transforms';
import { accuracy, softCrossEntropy } from '../../losses/crossEntropy';
import { Encoder } from '../../models/encoder';
import { MlpHead } from '../../models/heads';
import { rgb } from '../stepLoad';
import type { Method, MethodModel, MethodSetup } from '../types';
import type { RotationView } from '../visualization';
import { info, params } from './info';

const VIEW_IMAGES = 6;

export const rotation: Method = {
  ...info,
  create(setup: MethodSetup): MethodModel {
    const { cfg, rng } = setup;
    const { labelSmoothing: smoothing, minCrop } = params.read(cfg);
    const encoder = new Encoder({ inChannels: 3, width: cfg.width, depth: cfg.depth }, rng);
    const head = new MlpHead('rotation/head', [encoder.featureDim, 4], rng);
    const logitsOf = (x: tf.Tensor4D) => head.apply(encoder.apply(normalizeRgb(x)).pooled);
    return {
      encoder,
      variables: [...encoder.variables, ...head.variables],
      step(batch, r) {
        const { images, labels } = allRotations(cropAndFlip(batch.images, minCrop, r));
        const logits = logitsOf(images);
        const targets = tf.add(tf.mul(tf.oneHot(labels, 4), 1 - smoothing), smoothing / 4);
        return { loss: softCrossEntropy(logits, targets), metrics: { accuracy: accuracy(logits, labels) } };
      },
      input: normalizeRgb,
      features: (images) => encoder.features(normalizeRgb(images)),
      async visualize(batch): Promise<RotationView> {
        const n = Math.min(VIEW_IMAGES, batch.images.shape[0]);
        const [rotated, probs] = tf.tidy(() => {
          const { images } = allRotations(tf.slice(batch.images, 0, n));
          return [images, tf.softmax(logitsOf(images))];
        });
        const [pictures, p] = await Promise.all([toRgbaImages(rotated as tf.Tensor4D), probs.data()]);
        tf.dispose([rotated, probs]);
        // rotated copies are rotation-major: copy k of image i sits at k·n + i
        const items = Array.from({ length: n }, (_, i) => {
          const rows = [0, 1, 2, 3].map((k) => k * n + i);
          return { rotated: rows.map((r) => pictures[r]), probs: rows.map((r) => Array.from(p.subarray(r * 4, r * 4 + 4))) };
        });
        return { kind: 'rotation', items };
      },
      dispose() {
        encoder.dispose();
        head.dispose();
      },
    };
  },
  stepLoad: (c) => ({ encoded: [rgb(4 * c.batchSize, c.resolution)], extra: [] }), // the 4 turns
};
