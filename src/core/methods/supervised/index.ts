import * as tf from '@tensorflow/tfjs';
import { normalizeRgb, toRgbaImages } from '../../data/images';
import { crossEntropy } from '../../losses/crossEntropy';
import { Encoder } from '../../models/encoder';
import { MlpHead } from '../../models/heads';
import { rgb } from '../stepLoad';
import type { Method, MethodModel, MethodSetup } from '../types';
import type { ClassificationView } from '../visualization';
import { info } from './info';

const VIEW_IMAGES = 8;

export const supervised: Method = {
  ...info,
  create(setup: MethodSetup): MethodModel {
    const { cfg, rng, numClasses } = setup;
    if (numClasses < 2)
      throw new Error('Supervised training needs labelled images of at least 2 classes: put images in one sub-folder per class.');
    const encoder = new Encoder({ inChannels: 3, width: cfg.width, depth: cfg.depth }, rng);
    const head = new MlpHead('supervised/head', [encoder.featureDim, numClasses], rng);
    const logitsOf = (x: tf.Tensor4D) => head.apply(encoder.apply(normalizeRgb(x)).pooled);
    return {
      encoder,
      variables: [...encoder.variables, ...head.variables],
      step(batch) {
        const logits = logitsOf(batch.images);
        // unlabelled rows (-1) one-hot to zeros: they add nothing; average over labelled rows only
        const labelled = tf.cast(tf.greaterEqual(batch.labels, 0), 'float32');
        const count = tf.maximum(tf.sum(labelled), 1);
        const rescale = tf.div(batch.labels.shape[0], count);
        const loss = tf.mul(crossEntropy(logits, batch.labels), rescale) as tf.Scalar;
        const hits = tf.mul(tf.cast(tf.equal(tf.argMax(logits, -1), batch.labels), 'float32'), labelled);
        return { loss, metrics: { accuracy: tf.div(tf.sum(hits), count) as tf.Scalar } };
      },
      input: normalizeRgb,
      features: (images) => encoder.features(normalizeRgb(images)),
      async visualize(batch): Promise<ClassificationView> {
        const n = Math.min(VIEW_IMAGES, batch.images.shape[0]);
        const [images, probs, labels] = tf.tidy(() => {
          const x = tf.slice(batch.images, 0, n);
          return [x, tf.softmax(logitsOf(x)), tf.slice(batch.labels, 0, n)];
        });
        const [pictures, p, l] = await Promise.all([toRgbaImages(images as tf.Tensor4D), probs.data(), labels.data()]);
        tf.dispose([images, probs, labels]);
        const items = pictures.map((image, i) => ({
          image,
          label: l[i],
          probs: Array.from(p.subarray(i * numClasses, (i + 1) * numClasses)),
        }));
        return {
          kind: 'classification',
          classNames: setup.classNames ?? Array.from({ length: numClasses }, (_, c) => `class ${c}`),
          items,
        };
      },
      dispose() {
        encoder.dispose();
        head.dispose();
      },
    };
  },
  stepLoad: (c) => ({ encoded: [rgb(c.batchSize, c.resolution)], extra: [] }),
};
