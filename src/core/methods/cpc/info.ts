import type { MethodInfo } from '../catalog';
import { defineParams } from '../params';

export const params = defineParams([
  {
    key: 'patchSize',
    label: 'Patch size',
    help: 'patch side in px for 32 px images (scaled with the resolution)',
    default: 8,
    min: 4,
    max: 16,
    step: 2,
  },
  {
    key: 'stride',
    label: 'Patch stride',
    help: 'px between neighbouring patches for 32 px images; below the patch size, patches overlap',
    default: 4,
    min: 2,
    max: 16,
    step: 1,
  },
  {
    key: 'maxOffset',
    label: 'Rows ahead',
    help: 'predict up to this many rows below the context (K; at most the grid size − 1)',
    default: 3,
    min: 1,
    max: 6,
    step: 1,
  },
  {
    key: 'patchJitter',
    label: 'Patch colour jitter',
    help: 'Each patch gets its own random colour change while training, so patches cannot be matched by colour alone; 0 turns it off.',
    default: 0.5,
    min: 0,
    max: 1,
    step: 0.1,
  },
]);

export const info = {
  id: 'cpc',
  label: 'Contrastive predictive coding',
  summary:
    'Cuts each image into a grid of overlapping patches, summarizes the rows seen so far, and from that summary predicts the code of ' +
    'the patches 1 to K rows further down, picking the true patch among every other patch in the batch.',
  needsLabels: false,
  trainable: true,
  minResolution: 16,
  metricNames: ['accuracy'],
  recipe: { steps: 1000 },
  params: params.specs,
} satisfies MethodInfo<'cpc'>;
