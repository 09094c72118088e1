import * as tf from '@tensorflow/tfjs';
import { normalizeRgb } from '../../data/images';
import { Encoder } from '../../models/encoder';
import type { Method, MethodModel, MethodSetup } from '../types';
import { info } from './info';

export const random: Method = {
  ...info,
  create(setup: MethodSetup): MethodModel {
    const encoder = new Encoder({ inChannels: 3, width: setup.cfg.width, depth: setup.cfg.depth }, setup.rng);
    return {
      encoder,
      variables: [],
      step: () => ({ loss: tf.scalar(0), metrics: {} }),
      input: normalizeRgb,
      features: (images) => encoder.features(normalizeRgb(images)),
      visualize: async () => ({ kind: 'none' }),
      dispose: () => encoder.dispose(),
    };
  },
  stepLoad: () => ({ encoded: [], extra: [] }),
};
