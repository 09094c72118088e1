import * as tf from '@tensorflow/tfjs';
import { toRgbaImages } from '../../data/images';
import type { JigsawLayout } from '../../data/transforms';
import { Rng } from '../../rng';
import type { Batch } from '../types';
import type { JigsawView, RgbaImage } from '../visualization';

const VIEW_IMAGES = 6;

/** What the view needs of a jigsaw model: its permutation set and layout, and the puzzle and prediction it trains on. */
export interface Puzzle {
  perms: number[][];
  layout: JigsawLayout;
  /** A random permutation index per image, and its tiles in that order ([B·grid², t, t, 3]); `jitterCells`: random offsets. */
  shuffle(images: tf.Tensor4D, r: Rng, jitterCells: boolean): { labels: Int32Array; tiles: tf.Tensor4D };
  /** Logits over the permutations, [B, perms], from the tiles. */
  logitsOf(tiles: tf.Tensor4D): tf.Tensor2D;
}

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

/** The first images of the batch shuffled (the same draw every time: `viewSeed`), and the order the model puts them back in. */
export async function jigsawView(batch: Batch, puzzle: Puzzle, viewSeed: number): Promise<JigsawView> {
  const { perms, layout } = puzzle;
  const slots = layout.grid * layout.grid;
  const n = Math.min(VIEW_IMAGES, batch.images.shape[0]);
  const originals = tf.slice(batch.images, 0, n);
  const { labels, tiles } = tf.tidy(() => puzzle.shuffle(originals, new Rng(viewSeed), false));
  const predicted = tf.tidy(() => tf.argMax(puzzle.logitsOf(tiles), -1));
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
}
