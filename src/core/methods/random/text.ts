import * as tf from '@tensorflow/tfjs';
import { textCatalog } from '../catalog';
import type { TextMethod, TextMethodModel, TextMethodSetup } from '../types';
import { textEncoder, textModel } from '../../text/textModel';

/** Text random init: the bidirectional encoder with its initial weights, never trained. */
export const textRandom: TextMethod = {
  ...textCatalog.random,
  create(setup: TextMethodSetup): TextMethodModel {
    const encoder = textEncoder(setup);
    return { ...textModel({ encoder, mask: 'bidirectional', step: () => ({ loss: tf.scalar(0), metrics: {} }) }), variables: [] };
  },
};
