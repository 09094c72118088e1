import * as tf from '@tensorflow/tfjs';
import { textCatalog } from '../catalog';
import { param, type TextMethod, type TextMethodModel, type TextMethodSetup } from '../types';
import { tokenCrossEntropy } from '../../text/lmLoss';
import { textEncoder, textModel } from '../../text/textModel';
import { MASK, PAD } from '../../text/tokenizer';

/** Masked-word prediction: a share of the words become <mask>; the bidirectional encoder guesses them from both sides. */
export const maskedword: TextMethod = {
  ...textCatalog.maskedword,
  create(setup: TextMethodSetup): TextMethodModel {
    const rate = param<number>(maskedword, setup.cfg, 'maskRate');
    if (!(rate > 0 && rate < 1)) throw new Error(`Masked word: the hidden share must be between 0 and 1, got ${rate}`);
    const encoder = textEncoder(setup);
    return textModel({
      encoder,
      mask: 'bidirectional',
      step(batch, rng) {
        const [b, t1] = batch.tokens.shape;
        const words = tf.slice(batch.tokens, [0, 0], [b, t1 - 1]);
        const hidden = tf.logicalAnd(tf.less(tf.randomUniform(words.shape, 0, 1, 'float32', rng.seed()), rate), tf.notEqual(words, PAD));
        const inputs = tf.where(hidden, tf.fill(words.shape, MASK, 'int32'), words) as tf.Tensor2D;
        const logits = encoder.logits(encoder.apply(inputs, 'bidirectional').hidden);
        const { loss, accuracy } = tokenCrossEntropy(logits, tf.reshape(words, [-1]), tf.reshape(tf.cast(hidden, 'float32'), [-1]));
        return { loss, metrics: { perplexity: tf.exp(loss) as tf.Scalar, accuracy } };
      },
    });
  },
};
