import * as tf from '@tensorflow/tfjs';
import type { TrainConfig } from '../../config';
import { colorJitter, jigsawLayout, jigsawTiles, randomGrayscale, standardize } from '../../data/transforms';
import { accuracy, crossEntropy } from '../../losses/crossEntropy';
import { Encoder } from '../../models/encoder';
import { MlpHead } from '../../models/heads';
import type { Rng } from '../../rng';
import { rgb } from '../stepLoad';
import type { Method, MethodModel, MethodSetup } from '../types';
import { info, params } from './info';
import { maxHammingPermutations } from './permutations';
import { jigsawView, type Puzzle } from './view';

/** Copies of the tiles alive at a step's peak: cut, jittered, standardised per tile, and their gradients. */
const PER_TILE = 22;

/** The tile layout at the run's resolution. */
const layoutOf = (cfg: TrainConfig) => {
  const { gap, grid } = params.read(cfg);
  return jigsawLayout(cfg.resolution, gap, grid);
};

export const jigsaw: Method = {
  ...info,
  create(setup: MethodSetup): MethodModel {
    const { cfg, rng } = setup;
    const { grid, grayscale, colorJitter: jitter, permutations } = params.read(cfg);
    const slots = grid * grid;
    const layout = layoutOf(cfg);
    const perms = maxHammingPermutations(permutations, rng.seed(), slots);
    const encoder = new Encoder({ inChannels: 3, width: cfg.width, depth: cfg.depth }, rng);
    const concat = slots * encoder.featureDim;
    const head = new MlpHead('jigsaw/head', [concat, Math.max(64, 4 * encoder.featureDim), perms.length], rng);
    const viewSeed = rng.seed();
    const puzzle: Puzzle = {
      perms,
      layout,
      shuffle(images: tf.Tensor4D, r: Rng, jitterCells: boolean) {
        const labels = Int32Array.from({ length: images.shape[0] }, () => r.int(perms.length));
        const tiles = jigsawTiles(
          images,
          Array.from(labels, (l) => perms[l]),
          layout,
          jitterCells ? r : null,
        );
        return { labels, tiles };
      },
      /** Shared encoder on every tile (tiles folded into the batch), pooled features concatenated in tile order. */
      logitsOf(tiles: tf.Tensor4D) {
        const pooled = encoder.apply(standardize(tiles)).pooled;
        return head.apply(tf.reshape(pooled, [tiles.shape[0] / slots, concat]));
      },
    };
    return {
      encoder,
      variables: [...encoder.variables, ...head.variables],
      step(batch, r) {
        const gray = randomGrayscale(batch.images, grayscale, r);
        const { labels, tiles } = puzzle.shuffle(gray, r, true);
        const logits = puzzle.logitsOf(colorJitter(tiles, jitter, r));
        const target = tf.tensor1d(labels, 'int32');
        return { loss: crossEntropy(logits, target), metrics: { accuracy: accuracy(logits, target) } };
      },
      input: standardize,
      features: (images) => encoder.features(standardize(images)),
      visualize: (batch) => jigsawView(batch, puzzle, viewSeed),
      exportState: () => ({ permutations: perms, layout }),
      dispose() {
        encoder.dispose();
        head.dispose();
      },
    };
  },
  stepLoad(c) {
    const { grid, tile } = layoutOf(c);
    return { encoded: [rgb(c.batchSize * grid * grid, tile, PER_TILE)], extra: [] }; // grid² tiles
  },
};
