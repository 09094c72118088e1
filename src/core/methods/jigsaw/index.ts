import * as tf from '@tensorflow/tfjs';
import { toRgbaImages } from '../../data/images';
import { colorJitter, jigsawLayout, jigsawTiles, randomGrayscale, standardize, type JigsawLayout } from '../../data/transforms';
import { Encoder } from '../../models/encoder';
import { MlpHead } from '../../models/heads';
import { accuracy, crossEntropy } from '../../losses/crossEntropy';
import { Rng } from '../../rng';
import { maxHammingPermutations } from './permutations';
import { catalog } from '../catalog';
import { param, type Method, type MethodModel, type MethodSetup } from '../types';
import type { JigsawView, RgbaImage } from '../visualization';

const VIEW_IMAGES = 6;

/** Draw the tiles on a white grid, tiles[k] in cell where[k]. */
function assemble(tiles: RgbaImage[], where: number[], layout: JigsawLayout): RgbaImage {
  const { grid, tile } = layout;
  const side = grid * tile + grid - 1; // 1 px white lines between cells
  const data = new Uint8ClampedArray(side * side * 4).fill(255);
  tiles.forEach((t, k) => {
    const top = Math.floor(where[k] / grid) * (tile + 1);
    const left = (where[k] % grid) * (tile + 1);
    for (let y = 0; y < tile; y++) data.set(t.data.subarray(y * tile * 4, (y + 1) * tile * 4), ((top + y) * side + left) * 4);
  });
  return { width: side, height: side, data };
}

export const jigsaw: Method = {
  ...catalog.jigsaw,
  create(setup: MethodSetup): MethodModel {
    const { cfg, rng } = setup;
    const grid = param<number>(jigsaw, cfg, 'grid');
    const slots = grid * grid;
    const layout = jigsawLayout(cfg.resolution, param<number>(jigsaw, cfg, 'gap'), grid);
    const grayscale = param<number>(jigsaw, cfg, 'grayscale');
    const jitter = param<number>(jigsaw, cfg, 'colorJitter');
    const perms = maxHammingPermutations(param<number>(jigsaw, cfg, 'permutations'), rng.seed(), slots);
    const encoder = new Encoder({ inChannels: 3, width: cfg.width, depth: cfg.depth }, rng);
    const concat = slots * encoder.featureDim;
    const head = new MlpHead('jigsaw/head', [concat, Math.max(64, 4 * encoder.featureDim), perms.length], rng);
    const viewSeed = rng.seed();

    /** Random permutation index per image, and the tiles in that order. */
    const puzzle = (images: tf.Tensor4D, r: Rng, jitterCells: boolean) => {
      const labels = Int32Array.from({ length: images.shape[0] }, () => r.int(perms.length));
      const tiles = jigsawTiles(images, Array.from(labels, (l) => perms[l]), layout, jitterCells ? r : null);
      return { labels, tiles };
    };
    /** Shared encoder on every tile (tiles folded into the batch), pooled features concatenated in tile order. */
    const logitsOf = (tiles: tf.Tensor4D) => {
      const pooled = encoder.apply(standardize(tiles)).pooled;
      return head.apply(tf.reshape(pooled, [tiles.shape[0] / slots, concat]));
    };

    return {
      encoder,
      variables: [...encoder.variables, ...head.variables],
      step(batch, r) {
        const gray = randomGrayscale(batch.images, grayscale, r);
        const { labels, tiles } = puzzle(gray, r, true);
        const logits = logitsOf(colorJitter(tiles, jitter, r));
        const target = tf.tensor1d(labels, 'int32');
        return { loss: crossEntropy(logits, target), metrics: { accuracy: accuracy(logits, target) } };
      },
      input: standardize,
      features: (images) => encoder.features(standardize(images)),
      async visualize(batch): Promise<JigsawView> {
        const n = Math.min(VIEW_IMAGES, batch.images.shape[0]);
        const originals = tf.slice(batch.images, 0, n);
        const { labels, tiles } = tf.tidy(() => puzzle(originals, new Rng(viewSeed), false));
        const predicted = tf.tidy(() => tf.argMax(logitsOf(tiles), -1));
        const [pictures, tilePictures, guess] = await Promise.all([toRgbaImages(originals), toRgbaImages(tiles), predicted.data()]);
        tf.dispose([originals, tiles, predicted]);
        const items = pictures.map((original, i) => {
          const mine = tilePictures.slice(i * slots, (i + 1) * slots);
          const predictedPerm = perms[guess[i]];
          return {
            original,
            tiles: mine,
            truePerm: perms[labels[i]],
            predictedPerm,
            reassembled: assemble(mine, predictedPerm, layout),
            correct: guess[i] === labels[i],
          };
        });
        return { kind: 'jigsaw', items };
      },
      exportState: () => ({ permutations: perms, layout }),
      dispose() {
        encoder.dispose();
        head.dispose();
      },
    };
  },
};
