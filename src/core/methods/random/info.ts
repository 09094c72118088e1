import type { MethodInfo } from '../catalog';

export const info = {
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
} satisfies MethodInfo<'random'>;
