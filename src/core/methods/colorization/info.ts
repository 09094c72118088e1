import type { MethodInfo } from '../catalog';
import { CROP_PARAM, defineParams } from '../params';

export const params = defineParams([
  {
    key: 'mode',
    label: 'Loss',
    help: 'classification over colour bins (vivid) or L2 regression on ab (the greyish baseline of the paper)',
    default: 'classification',
    options: ['classification', 'regression'],
  },
  CROP_PARAM,
]);

export const info = {
  id: 'colorization',
  label: 'Colorization',
  summary:
    'Sees each image in grey and predicts its colour (the ab channels of CIE Lab) as a distribution over a few hundred colour bins, ' +
    'with rare colours weighted up so it does not settle for grey. To know that grass is green and sky blue, it must recognise ' +
    'grass and sky. Needs colour images: on a grayscale dataset there is nothing to predict.',
  needsLabels: false,
  trainable: true,
  minResolution: 16,
  metricNames: ['accuracy', 'abError'],
  recipe: { steps: 3000 },
  params: params.specs,
} satisfies MethodInfo<'colorization'>;
