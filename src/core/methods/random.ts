import * as tf from '@tensorflow/tfjs';
import { normalizeRgb } from '../data/images';
import { Encoder } from '../models/encoder';
import type { Method, MethodModel, MethodSetup } from './types';

export const random: Method = {
  id: 'random',
  label: 'Random init',
  summary:
    'No training at all: the network keeps the random weights it started with. Even random filters respond to ' +
    'colours and edges, so a classifier on top of them is better than guessing. This is the floor every other ' +
    'method must beat to show it learned something.',
  needsLabels: false,
  trainable: false,
  minResolution: 8,
  metricNames: [],
  params: [],
  create(setup: MethodSetup): MethodModel {
    const encoder = new Encoder({ inChannels: 3, width: setup.cfg.width, depth: setup.cfg.depth }, setup.rng);
    return {
      encoder,
      variables: [],
      step: () => ({ loss: tf.scalar(0), metrics: {} }),
      features: (images) => encoder.features(normalizeRgb(images)),
      visualize: async () => ({ kind: 'none' }),
      dispose: () => encoder.dispose(),
    };
  },
};
