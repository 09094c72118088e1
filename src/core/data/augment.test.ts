import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { syntheticImages, useCpuBackend } from '../testUtils';
import { colorDistort, randomResizedCrop } from './augment';

beforeAll(useCpuBackend);

describe('randomResizedCrop', () => {
  it('at full scale and aspect 1, without flips, returns the images unchanged', async () => {
    const x = syntheticImages(3, 8, 1);
    // next() = 0.5 draws area 1, aspect exp(log(3/4) + log(16/9)/2) = 1 and offset 0: the box is the whole image
    const same = randomResizedCrop(x, { minScale: 1, flip: false }, { next: () => 0.5 } as Rng);
    expect(same.shape).toEqual(x.shape);
    const [a, b] = [await same.data(), await x.data()];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    tf.dispose([x, same]);
  });

  it('mirrors a full-size crop exactly when it flips', async () => {
    const x = syntheticImages(2, 8, 2);
    // next() = 0.5 → area 1, aspect 1, offsets 0; the flip draw (0.25 < 0.5) mirrors it
    const draws = [0.5, 0.5, 0.5, 0.5, 0.25];
    let k = 0;
    const rng = { next: () => draws[k++ % draws.length] } as Rng;
    const y = randomResizedCrop(x, { minScale: 1, flip: true }, rng);
    const expected = tf.image.flipLeftRight(x);
    const [a, b] = [await y.data(), await expected.data()];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    tf.dispose([x, y, expected]);
  });

  it('crops: a small box enlarges part of the image, staying in its range', async () => {
    const x = syntheticImages(4, 16, 3);
    const y = randomResizedCrop(x, { minScale: 0.1, flip: true }, new Rng(5));
    const [lo, hi] = [await tf.min(y).data(), await tf.max(y).data()];
    expect(lo[0]).toBeGreaterThanOrEqual(0);
    expect(hi[0]).toBeLessThanOrEqual(1);
    expect(Array.from(await y.data())).not.toEqual(Array.from(await x.data()));
    tf.dispose([x, y]);
  });
});

describe('colorDistort', () => {
  const rgb = (r: number, g: number, b: number) => tf.tensor4d([r, g, b], [1, 1, 1, 3]);

  it('is the identity with no jitter and no greyscale', async () => {
    const x = syntheticImages(3, 8, 4);
    const y = colorDistort(x, { strength: 0.5, jitterChance: 0, grayChance: 0 }, new Rng(1));
    const [a, b] = [await y.data(), await x.data()];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 5));
    tf.dispose([x, y]);
  });

  it('greyscale gives every channel the luma of the pixel', async () => {
    const x = rgb(1, 0.5, 0);
    const y = colorDistort(x, { strength: 0, jitterChance: 0, grayChance: 1 }, new Rng(1));
    const luma = 0.299 + 0.587 * 0.5;
    for (const v of await y.data()) expect(v).toBeCloseTo(luma, 5);
    tf.dispose([x, y]);
  });

  it('changes colours per image, within [0, 1], and keeps grey pixels grey under a hue turn', async () => {
    const x = syntheticImages(6, 8, 5);
    const y = colorDistort(x, { strength: 1, jitterChance: 1, grayChance: 0 }, new Rng(2));
    const v = await y.data();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(Array.from(v)).not.toEqual(Array.from(await x.data()));
    const grey = tf.fill([1, 2, 2, 3], 0.4) as tf.Tensor4D;
    const g = await colorDistort(grey, { strength: 1, jitterChance: 1, grayChance: 0 }, new Rng(3)).data();
    for (let p = 0; p < g.length; p += 3) {
      expect(g[p]).toBeCloseTo(g[p + 1], 5);
      expect(g[p]).toBeCloseTo(g[p + 2], 5);
    }
    tf.dispose([x, y, grey]);
  });

  it('creates no lasting tensors', () => {
    const x = syntheticImages(2, 8, 6);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      colorDistort(
        randomResizedCrop(x, { minScale: 0.3, flip: true }, new Rng(1)),
        { strength: 0.5, jitterChance: 0.8, grayChance: 0.2 },
        new Rng(2),
      );
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
