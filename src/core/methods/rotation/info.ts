import type { MethodInfo } from '../catalog';
import { CROP_PARAM, defineParams } from '../params';

export const params = defineParams([
  {
    key: 'labelSmoothing',
    label: 'Label smoothing',
    help: 'Share of the target spread evenly over the 4 angles; softens over-confident guesses on symmetric images.',
    default: 0,
    min: 0,
    max: 0.5,
    step: 0.05,
  },
  CROP_PARAM,
]);

export const info = {
  id: 'rotation',
  label: 'Rotation',
  summary:
    'Each image is shown upright and turned by 90, 180 and 270 degrees, and the network must say which turn it sees. ' +
    'No labels are needed: the turn is known because we made it. To tell "upside down" from "upright" the network ' +
    'has to notice what things are and how they usually sit (skies above, faces with eyes over mouths), and those ' +
    'are the features that later help to recognise classes.',
  needsLabels: false,
  trainable: true,
  minResolution: 16,
  metricNames: ['accuracy'],
  recipe: { steps: 6000 }, // ~7.5 min on WASM; on the sample + pool 3,000 steps gave 1.4 points over 1,500, 6,000 1.0 more
  params: params.specs,
} satisfies MethodInfo<'rotation'>;
