import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';

/** Exact counter-clockwise rotation by k·90° of square images [B, R, R, C] (same as numpy's rot90). */
export function rot90(x: tf.Tensor4D, k: number): tf.Tensor4D {
  switch (((k % 4) + 4) % 4) {
    case 0:
      return x;
    case 1:
      return tf.transpose(tf.reverse(x, 2), [0, 2, 1, 3]);
    case 2:
      return tf.reverse(x, [1, 2]);
    default:
      return tf.reverse(tf.transpose(x, [0, 2, 1, 3]), 2);
  }
}

/** Every image in all 4 rotations, rotation-major: [4B, R, R, C] and labels [4B] (0, 90, 180, 270°). */
export function allRotations(x: tf.Tensor4D): { images: tf.Tensor4D; labels: tf.Tensor1D } {
  const b = x.shape[0];
  const images = tf.concat([0, 1, 2, 3].map((k) => rot90(x, k)));
  const labels = tf.tensor1d(
    Int32Array.from({ length: 4 * b }, (_, i) => Math.floor(i / b)),
    'int32',
  );
  return { images, labels };
}

/** Standardize each sample [B, ...] by its own mean and std (over all its pixels and channels). */
export function standardize(x: tf.Tensor4D, eps = 1e-3): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [1, 2, 3], true);
  return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps)));
}

/** Where the jigsaw tiles sit: a grid of cells, each holding a smaller tile at a random offset. */
export interface JigsawLayout {
  grid: number; // cells per side (3)
  cell: number; // cell side in px
  tile: number; // tile side in px, < cell so neighbouring tiles never share an edge
}

/** The layout at a resolution: `gap` is the fraction of each cell left out; tiles stay ≥ 4 px while cells allow. */
export function jigsawLayout(resolution: number, gap: number, grid = 3): JigsawLayout {
  const cell = Math.floor(resolution / grid);
  if (cell < 2) throw new Error(`Images of ${resolution} px are too small for a ${grid}×${grid} jigsaw.`);
  return { grid, cell, tile: Math.min(cell - 1, Math.max(4, Math.floor(cell * (1 - gap)))) };
}

/**
 * Cut each image into grid² tiles in a given order: slot k of image b is a tile from cell order[b][k],
 * taken at a random offset inside the cell (`rng`, or the cell centre when null). Returns [B·grid², t, t, C].
 * One gather on flat pixel indices built on the CPU: exact pixels, no interpolation, no read-back.
 */
export function jigsawTiles(x: tf.Tensor4D, order: ArrayLike<number>[], layout: JigsawLayout, rng: Rng | null): tf.Tensor4D {
  const [b, r, , c] = x.shape;
  const { grid, cell, tile } = layout;
  const slots = grid * grid;
  const idx = new Int32Array(b * slots * tile * tile);
  let n = 0;
  for (let img = 0; img < b; img++) {
    for (let k = 0; k < slots; k++) {
      const from = order[img][k];
      const slack = cell - tile;
      const y0 = Math.floor(from / grid) * cell + (rng ? rng.int(slack + 1) : slack >> 1);
      const x0 = (from % grid) * cell + (rng ? rng.int(slack + 1) : slack >> 1);
      for (let y = 0; y < tile; y++) for (let xx = 0; xx < tile; xx++) idx[n++] = (img * r + y0 + y) * r + x0 + xx;
    }
  }
  const flat = tf.reshape(x, [b * r * r, c]);
  return tf.reshape(tf.gather(flat, tf.tensor1d(idx, 'int32')), [b * slots, tile, tile, c]);
}

/** Per sample, with probability p, replace RGB by its channel mean (removes colour shortcuts). */
export function randomGrayscale(x: tf.Tensor4D, p: number, rng: Rng): tf.Tensor4D {
  const n = x.shape[0];
  const mask = tf.tensor4d(
    Float32Array.from({ length: n }, () => (rng.next() < p ? 1 : 0)),
    [n, 1, 1, 1],
  );
  const gray = tf.mean(x, 3, true);
  return tf.add(tf.mul(x, tf.sub(1, mask)), tf.mul(gray, mask));
}

/** Per sample and channel, scale values by 1 ± strength (uniform), clipped to [0, 1]. */
export function colorJitter(x: tf.Tensor4D, strength: number, rng: Rng): tf.Tensor4D {
  const [n, , , c] = x.shape;
  const scale = Float32Array.from({ length: n * c }, () => 1 + strength * (2 * rng.next() - 1));
  return tf.clipByValue(tf.mul(x, tf.tensor4d(scale, [n, 1, 1, c])), 0, 1) as tf.Tensor4D;
}

/** 1 for each `block`×`block` square hidden with probability `ratio`, else 0: [B, R, R, 1]. */
export function blockMask(batch: number, resolution: number, block: number, ratio: number, rng: Rng): tf.Tensor4D {
  const nb = Math.ceil(resolution / block);
  const bits = Float32Array.from({ length: batch * nb * nb }, () => (rng.next() < ratio ? 1 : 0));
  const coarse = tf.tensor4d(bits, [batch, nb, nb, 1]);
  const fine = tf.image.resizeNearestNeighbor(coarse, [nb * block, nb * block]);
  return tf.slice(fine, [0, 0, 0, 0], [batch, resolution, resolution, 1]);
}
