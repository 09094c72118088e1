import { defaultConfig, type ParamValue, type TrainConfig } from '../config';

export { isTextMethodId, textCatalog, textMethodIds, type TextMethodId, type TextMethodInfo } from './textCatalog';

/** A method-specific hyperparameter, as the UI shows it. */
export interface ParamSpec {
  key: string;
  label: string;
  help: string; // one line, shown as the control's description
  default: ParamValue;
  min?: number;
  max?: number;
  step?: number;
  options?: string[]; // for string params: the allowed values
}

/** What a method reads. */
export type Modality = 'image' | 'text';

/** What the page, storage and URL parsing know about a method: plain data, no TensorFlow.js. */
export interface MethodInfo {
  id: MethodId;
  modality?: Modality; // absent: 'image'
  label: string;
  summary: string; // one plain-language paragraph: what it predicts from what
  needsLabels: boolean;
  trainable: boolean; // false only for the random-init baseline
  minResolution: number; // smallest image side it makes sense at
  metricNames: string[]; // the first is the method's headline metric (e.g. rotation accuracy)
  params: ParamSpec[];
  recipe?: Recipe; // the method's own defaults over defaultConfig (its steps, batch size, learning rate…)
}

/**
 * The run settings a method may set for itself; resolution and seed stay the user's and the experiment's. Its `steps`
 * are the length `npm run quality` trains on the sample; the page's runs take theirs from a time budget (core/budget.ts).
 */
export type Recipe = Partial<Omit<TrainConfig, 'params' | 'resolution' | 'seed'>>;

/** Crop + mirror before the pretext task (rotation, colorization): more variety from the same photos. */
const CROP_PARAM: ParamSpec = {
  key: 'minCrop',
  label: 'Smallest crop',
  default: 0.35,
  min: 0.1,
  max: 1,
  step: 0.05,
  help: 'Each image is first cropped to at least this share of its area (resized back) and mirrored half the time; 1 turns this augmentation off.',
};

/**
 * Every method's description, in the order the page lists them. Its implementation (the model, loss and
 * views) is one file beside this one, bound to its id in registry.ts, which only the training worker loads.
 */
const entries = {
  rotation: {
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
    params: [
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
    ],
  },
  jigsaw: {
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
    params: [
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
    ],
  },
  colorization: {
    label: 'Colorization',
    summary:
      'Sees each image in grey and predicts its colour (the ab channels of CIE Lab) as a distribution over a few hundred colour bins, with rare colours weighted up so it does not settle for grey. To know that grass is green and sky blue, it must recognise grass and sky. Needs colour images: on a grayscale dataset there is nothing to predict.',
    needsLabels: false,
    trainable: true,
    minResolution: 16,
    metricNames: ['accuracy', 'abError'],
    recipe: { steps: 3000 },
    params: [
      {
        key: 'mode',
        label: 'Loss',
        help: 'classification over colour bins (vivid) or L2 regression on ab (the greyish baseline of the paper)',
        default: 'classification',
        options: ['classification', 'regression'],
      },
      CROP_PARAM,
    ],
  },
  cpc: {
    label: 'Contrastive predictive coding',
    summary:
      'Cuts each image into a grid of overlapping patches, summarizes the rows seen so far, and from that summary predicts the code of the patches 1 to K rows further down, picking the true patch among every other patch in the batch.',
    needsLabels: false,
    trainable: true,
    minResolution: 16,
    metricNames: ['accuracy'],
    recipe: { steps: 1000 },
    params: [
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
    ],
  },
  simclr: {
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
    params: [
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
    ],
  },
  autoencoder: {
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
    params: [
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
    ],
  },
  supervised: {
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
  },
  random: {
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
  },
} satisfies Record<string, Omit<MethodInfo, 'id'>>;

export type MethodId = keyof typeof entries;

export const catalog = Object.fromEntries(Object.entries(entries).map(([id, e]) => [id, { id, ...e }])) as Record<MethodId, MethodInfo>;

export const methodIds = Object.keys(entries) as MethodId[];

/** The catalog as a list, in page order. */
export const methodInfos: MethodInfo[] = methodIds.map((id) => catalog[id]);

export function isMethodId(id: unknown): id is MethodId {
  return typeof id === 'string' && Object.hasOwn(entries, id);
}

export function methodInfo(id: string): MethodInfo {
  if (!isMethodId(id)) throw new Error(`Unknown method "${id}". Known: ${methodIds.join(', ')}`);
  return catalog[id];
}

/** A method's default run settings: the shared defaults, then its recipe, then its params' defaults. */
export function recipeConfig(method: Pick<MethodInfo, 'recipe' | 'params'>): TrainConfig {
  return { ...defaultConfig, ...method.recipe, params: Object.fromEntries(method.params.map((p) => [p.key, p.default])) };
}
