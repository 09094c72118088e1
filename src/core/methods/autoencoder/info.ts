import type { MethodInfo } from '../catalog';
import { defineParams } from '../params';

export const params = defineParams([
  {
    key: 'maskRatio',
    label: 'Masked share',
    help: 'Fraction of 4×4 squares hidden (set to grey) in the input; the target stays the full image.',
    default: 0,
    min: 0,
    max: 0.9,
    step: 0.05,
  },
  {
    key: 'noise',
    label: 'Input noise',
    help: 'Std of Gaussian noise added to the input (denoising); 0 turns it off.',
    default: 0,
    min: 0,
    max: 0.5,
    step: 0.01,
  },
  {
    key: 'bottleneck',
    label: 'Bottleneck channels',
    help: 'Channels of the code the decoder starts from; fewer forces a tighter summary of the image.',
    default: 8,
    min: 1,
    max: 64,
    step: 1,
  },
]);

export const info = {
  id: 'autoencoder',
  label: 'Autoencoder',
  summary:
    'The network squeezes each image through a narrow bottleneck and a decoder must paint the whole image back ' +
    'from it. Optionally parts of the input are hidden (grey squares) or covered in noise, and the decoder must ' +
    'still restore the clean original, so the encoder has to capture what the image contains rather than copy ' +
    'pixels. Its weakness, and the reason it is a baseline: getting every pixel right rewards colours and blur ' +
    'more than the object-level features that help to tell classes apart.',
  needsLabels: false,
  trainable: true,
  minResolution: 8,
  metricNames: ['psnr'],
  recipe: { steps: 1500 },
  params: params.specs,
} satisfies MethodInfo<'autoencoder'>;
