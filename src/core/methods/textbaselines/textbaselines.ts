import * as tf from '@tensorflow/tfjs';
import { textCatalog } from '../catalog';
import type { TextMethod, TextMethodModel, TextMethodSetup } from '../types';
import { MlpHead } from '../../models/heads';
import { maskedCrossEntropy } from '../../text/lmLoss';
import { textEncoder, textModel } from '../../text/textModel';

/** Text random init: the bidirectional encoder with its initial weights, never trained. */
export const textRandom: TextMethod = {
  ...textCatalog.random,
  create(setup: TextMethodSetup): TextMethodModel {
    const encoder = textEncoder(setup);
    return { ...textModel({ encoder, mask: 'bidirectional', step: () => ({ loss: tf.scalar(0), metrics: {} }) }), variables: [] };
  },
};

/** Text supervised: the bidirectional encoder's pooled features → a linear head → the window's class. */
export const textSupervised: TextMethod = {
  ...textCatalog.supervised,
  create(setup: TextMethodSetup): TextMethodModel {
    const { numClasses, rng } = setup;
    if (numClasses < 2)
      throw new Error('Supervised training needs labelled texts of at least 2 classes: put files in one sub-folder per class.');
    const encoder = textEncoder(setup);
    const head = new MlpHead('supervised/head', [encoder.featureDim, numClasses], rng);
    return textModel({
      encoder,
      mask: 'bidirectional',
      heads: head,
      step(batch) {
        const [b, t1] = batch.tokens.shape;
        const logits = head.apply(encoder.pooled(tf.slice(batch.tokens, [0, 0], [b, t1 - 1]), 'bidirectional'));
        const labelled = tf.cast(tf.greaterEqual(batch.labels, 0), 'float32') as tf.Tensor1D;
        const { loss, accuracy } = maskedCrossEntropy(logits, batch.labels, labelled);
        return { loss, metrics: { accuracy } };
      },
    });
  },
};
