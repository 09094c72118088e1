import type { TrainConfig } from '../../config';
import type { MethodInfo } from '../catalog';
import { defineParams } from '../params';

export const params = defineParams([
  {
    key: 'temperature',
    label: 'Temperature',
    help: 'Divides the cosine similarities; lower values weigh the hardest negatives more.',
    default: 0.5,
    min: 0.05,
    max: 1,
    step: 0.05,
  },
  {
    key: 'minScale',
    label: 'Smallest crop',
    help: 'Smallest crop area as a share of the image (each view is resized back).',
    default: 0.2,
    min: 0.05,
    max: 1,
    step: 0.05,
  },
  {
    key: 'colorStrength',
    label: 'Colour distortion',
    help: 'Strength of the random brightness, contrast, saturation and hue changes.',
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.1,
  },
  {
    key: 'viewSize',
    label: 'View size',
    help: 'Side in px of each view for 32 px images (scaled with the resolution); smaller views train faster.',
    default: 24,
    min: 8,
    max: 32,
    step: 4,
  },
  {
    key: 'projection',
    label: 'Projection size',
    help: 'Width of the projection head the loss compares (the probe uses the encoder below it).',
    default: 64,
    min: 16,
    max: 256,
    step: 16,
  },
]);

/** A view's side in px at the run's resolution: `viewSize` is set for 32 px images. */
export const viewSide = (cfg: TrainConfig) => Math.round((params.read(cfg).viewSize * cfg.resolution) / 32);

export const info = {
  id: 'simclr',
  label: 'Contrastive pairs (SimCLR)',
  summary:
    'Every image is turned into two different views (a random crop, mirrored or not, with its colours changed) and ' +
    'the network must recognise which two views in the batch come from the same photo, telling them apart from all ' +
    'the others. Views of one image are pulled together, views of different images pushed apart, so the features ' +
    'must keep what a crop or a colour change leaves alone: what the object is.',
  needsLabels: false,
  trainable: true,
  minResolution: 16,
  metricNames: ['accuracy'],
  recipe: { batchSize: 64, steps: 8000, learningRate: 4e-3 }, // ~7 min on WASM; on the sample + pool 5.1 points over 1,500 steps
  params: params.specs,
} satisfies MethodInfo<'simclr'>;
