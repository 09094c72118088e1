import type { MethodInfo } from '../catalog';

export const info = {
  id: 'supervised',
  label: 'Supervised',
  summary:
    'The reference point with labels: the same network is trained directly to name the class of each labelled ' +
    'image. It shows how good the features get when every training image comes with its answer, which is exactly ' +
    'what self-supervised methods try to approach without labels.',
  needsLabels: true,
  trainable: true,
  minResolution: 8,
  metricNames: ['accuracy'],
  params: [],
} satisfies MethodInfo<'supervised'>;
