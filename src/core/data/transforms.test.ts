import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { syntheticImages, useCpuBackend } from '../testUtils';
import { blockMask, colorJitter, jigsawLayout, jigsawTiles, randomGrayscale, standardize } from './transforms';

beforeAll(useCpuBackend);

/** A one-channel image whose pixel value is its own index y·R + x, for B images offset by b·R². */
function indexImages(b: number, r: number): tf.Tensor4D {
  return tf.tensor4d(
    Float32Array.from({ length: b * r * r }, (_, i) => i),
    [b, r, r, 1],
  );
}

describe('jigsaw tiling', () => {
  it('keeps tiles smaller than cells and at least 4 px from 16 px up', () => {
    for (const r of [16, 24, 32, 48, 64, 96]) {
      const { cell, tile } = jigsawLayout(r, 0.25);
      expect(tile).toBeGreaterThanOrEqual(4);
      expect(tile).toBeLessThan(cell);
      expect(3 * cell).toBeLessThanOrEqual(r);
    }
    expect(jigsawLayout(96, 0.5).tile).toBeLessThan(jigsawLayout(96, 0.1).tile);
  });

  it('slot k holds an exact tile cut from cell order[k], inside that cell', async () => {
    const r = 16;
    const layout = jigsawLayout(r, 0.25);
    const { cell, tile } = layout;
    const order = [
      [8, 7, 6, 5, 4, 3, 2, 1, 0],
      [2, 0, 1, 5, 3, 4, 8, 6, 7],
    ];
    const tiles = jigsawTiles(indexImages(2, r), order, layout, new Rng(4));
    expect(tiles.shape).toEqual([18, tile, tile, 1]);
    const v = await tiles.data();
    for (let b = 0; b < 2; b++)
      for (let k = 0; k < 9; k++) {
        const t = v.subarray((b * 9 + k) * tile * tile, (b * 9 + k + 1) * tile * tile);
        const first = t[0] - b * r * r;
        const y0 = Math.floor(first / r),
          x0 = first % r;
        const cy = Math.floor(order[b][k] / 3),
          cx = order[b][k] % 3;
        // the tile's corner lies in its cell and the whole tile fits in it
        expect(y0).toBeGreaterThanOrEqual(cy * cell);
        expect(y0 + tile).toBeLessThanOrEqual((cy + 1) * cell);
        expect(x0).toBeGreaterThanOrEqual(cx * cell);
        expect(x0 + tile).toBeLessThanOrEqual((cx + 1) * cell);
        // and is a contiguous crop: pixel (y, x) of the tile is image pixel (y0 + y, x0 + x)
        for (let y = 0; y < tile; y++) for (let x = 0; x < tile; x++) expect(t[y * tile + x]).toBe(t[0] + y * r + x);
      }
    tiles.dispose();
  });

  it('jitters tile positions from the rng and centres them without one', async () => {
    const r = 32;
    const layout = jigsawLayout(r, 0.3);
    const identity = [[0, 1, 2, 3, 4, 5, 6, 7, 8]];
    const corners = async (rng: Rng | null) => {
      const t = jigsawTiles(indexImages(1, r), identity, layout, rng);
      const v = await t.data();
      t.dispose();
      return Array.from({ length: 9 }, (_, k) => v[k * layout.tile * layout.tile]);
    };
    const centred = await corners(null);
    const slack = (layout.cell - layout.tile) >> 1;
    expect(centred[0]).toBe(slack * r + slack);
    expect(await corners(new Rng(1))).toEqual(await corners(new Rng(1)));
    expect(await corners(new Rng(1))).not.toEqual(await corners(new Rng(2)));
  });
});

describe('photometric transforms', () => {
  it('standardize gives each sample zero mean and unit std, and keeps flat samples finite', async () => {
    const scale = tf.tensor4d([1, 0.5, 3, 0], [4, 1, 1, 1]); // the last sample is flat
    const x = tf.add(tf.mul(syntheticImages(4, 8, 2), scale), 0.3) as tf.Tensor4D;
    const { mean, variance } = tf.moments(standardize(x), [1, 2, 3]);
    for (const m of await mean.data()) expect(m).toBeCloseTo(0, 4);
    const v = await variance.data();
    for (let b = 0; b < 3; b++) expect(v[b]).toBeCloseTo(1, 1);
    expect(v[3]).toBe(0);
    tf.dispose([scale, x, mean, variance]);
  });

  it('randomGrayscale greys all or none at p = 1 / 0', async () => {
    const x = syntheticImages(4, 8, 3);
    const gray = await randomGrayscale(x, 1, new Rng(1)).data();
    for (let i = 0; i < gray.length; i += 3) {
      expect(gray[i + 1]).toBeCloseTo(gray[i], 6);
      expect(gray[i + 2]).toBeCloseTo(gray[i], 6);
    }
    expect(Array.from(await randomGrayscale(x, 0, new Rng(1)).data())).toEqual(Array.from(await x.data()));
    x.dispose();
  });

  it('colorJitter stays in [0, 1] and changes the colours', async () => {
    const x = syntheticImages(4, 8, 3);
    const j = await colorJitter(x, 0.5, new Rng(1)).data();
    expect(Math.min(...j)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...j)).toBeLessThanOrEqual(1);
    expect(Array.from(j)).not.toEqual(Array.from(await x.data()));
    x.dispose();
  });

  it('blockMask hides whole 4×4 squares at about the requested rate', async () => {
    const r = 18; // not a multiple of the block: the last blocks are cut
    const m = await blockMask(8, r, 4, 0.5, new Rng(9)).data();
    expect(m.length).toBe(8 * r * r);
    for (let b = 0; b < 8; b++)
      for (let y = 0; y < r; y++)
        for (let x = 0; x < r; x++) expect(m[(b * r + y) * r + x]).toBe(m[(b * r + y - (y % 4)) * r + x - (x % 4)]);
    const share = Array.from(m).reduce((a, v) => a + v, 0) / m.length;
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.7);
    expect(Math.max(...(await blockMask(2, r, 4, 0, new Rng(9)).data()))).toBe(0);
  });
});
