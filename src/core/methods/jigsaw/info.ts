import type { MethodInfo } from '../catalog';
import { defineParams } from '../params';

export const params = defineParams([
  {
    key: 'grid',
    label: 'Grid',
    help: 'Tiles per side: 2 (24 possible orders) suits 32 px images, 3 (9 tiles) needs 64 px or more.',
    default: 2,
    min: 2,
    max: 3,
    step: 1,
  },
  {
    key: 'permutations',
    label: 'Permutations',
    help: 'Size of the fixed set of tile orders (classes), chosen far apart: at most 24 for a 2×2 grid. Large sets take seconds to build.',
    default: 24,
    min: 10,
    max: 1000,
    step: 10,
  },
  {
    key: 'gap',
    label: 'Gap',
    help: 'Share of each grid cell left out around its tile, so tiles cannot be matched by their edges.',
    default: 0.25,
    min: 0,
    max: 0.5,
    step: 0.05,
  },
  {
    key: 'grayscale',
    label: 'Greyscale chance',
    help: 'Probability an image is turned grey, against colour-fringe shortcuts.',
    default: 0.3,
    min: 0,
    max: 1,
    step: 0.05,
  },
  {
    key: 'colorJitter',
    label: 'Colour jitter',
    help: 'Random per-tile change of each colour channel (±), against colour shortcuts.',
    default: 0.2,
    min: 0,
    max: 0.5,
    step: 0.05,
  },
]);

export const info = {
  id: 'jigsaw',
  label: 'Jigsaw',
  summary:
    'Each image is cut into a grid of tiles (2×2 for small images, 3×3 for larger ones), the tiles are shuffled in one of a fixed set of orders, and the ' +
    'network must say which order was used, that is, solve the puzzle. Every tile goes through the same network on ' +
    'its own, so it must recognise parts ("an ear", "a wheel", "sky") and know how parts of things are arranged. ' +
    'Gaps between tiles, per-tile brightness normalisation and random greyscale remove the cheap shortcuts ' +
    '(matching edges, colour fringes) that would solve the puzzle without understanding the picture.',
  needsLabels: false,
  trainable: true,
  minResolution: 32,
  metricNames: ['accuracy'],
  recipe: { steps: 3000 }, // under a minute on WASM; on the sample + pool 9,000 steps were no better
  params: params.specs,
} satisfies MethodInfo<'jigsaw'>;
