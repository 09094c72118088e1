import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRotations, rot90 } from '../../data/transforms';
import { Rng } from '../../rng';
import { syntheticImages, tinyConfig, useCpuBackend } from '../../testUtils';
import { rotation } from '.';

beforeAll(useCpuBackend);

// A 3×3 one-channel image and its rotations written out by hand (counter-clockwise, like numpy's rot90).
const image = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];
const byHand = [
  image,
  [
    [3, 6, 9],
    [2, 5, 8],
    [1, 4, 7],
  ],
  [
    [9, 8, 7],
    [6, 5, 4],
    [3, 2, 1],
  ],
  [
    [7, 4, 1],
    [8, 5, 2],
    [9, 6, 3],
  ],
];

describe('rotation transforms', () => {
  it('rot90 matches the hand-rotated arrays exactly', async () => {
    const x = tf.tensor4d(image.flat(), [1, 3, 3, 1]);
    for (let k = 0; k < 4; k++) {
      const r = rot90(x, k);
      expect(Array.from(await r.data())).toEqual(byHand[k].flat());
      if (r !== x) r.dispose(); // k = 0 hands back the input itself
    }
    x.dispose();
  });

  it('allRotations puts copy k of image i at k·B + i with label k', async () => {
    // two images: the hand example and its negation, so copies of different images differ
    const x = tf.tensor4d([...image.flat(), ...image.flat().map((v) => -v)], [2, 3, 3, 1]);
    const { images, labels } = allRotations(x);
    expect(images.shape).toEqual([8, 3, 3, 1]);
    expect(labels.dtype).toBe('int32');
    const values = await images.data();
    const l = await labels.data();
    for (let k = 0; k < 4; k++)
      for (let i = 0; i < 2; i++) {
        const row = k * 2 + i;
        expect(l[row]).toBe(k);
        const sign = i === 0 ? 1 : -1;
        expect(Array.from(values.subarray(row * 9, row * 9 + 9))).toEqual(byHand[k].flat().map((v) => sign * v));
      }
    tf.dispose([x, images, labels]);
  });

  it('four quarter turns give back the image, on RGB too', async () => {
    const x = syntheticImages(2, 8, 3);
    const back = rot90(rot90(rot90(rot90(x, 1), 1), 1), 1);
    const once = rot90(x, 3);
    const thrice = rot90(rot90(rot90(x, 1), 1), 1);
    expect(Array.from(await back.data())).toEqual(Array.from(await x.data()));
    expect(Array.from(await once.data())).toEqual(Array.from(await thrice.data()));
    expect(Array.from(await once.data())).not.toEqual(Array.from(await x.data()));
    tf.dispose([x, back, once, thrice]);
  });
});

describe('rotation view', () => {
  it('shows the 4 exact rotations of each image with a probability per angle', async () => {
    const cfg = tinyConfig();
    const images = syntheticImages(2, cfg.resolution, 5);
    const labels = tf.tensor1d([-1, -1], 'int32');
    const model = rotation.create({ cfg, numClasses: 0, rng: new Rng(1), sample: images });
    const view = await model.visualize({ images, labels });
    if (view.kind !== 'rotation') throw new Error(`expected a rotation view, got ${view.kind}`);
    expect(view.items).toHaveLength(2);
    const quarter = rot90(tf.slice(images, 1, 1), 1);
    const expected = await quarter.data();
    const shown = view.items[1].rotated[1].data;
    for (let p = 0; p < 16 * 16; p++) expect(shown[p * 4]).toBe(Math.round(expected[p * 3] * 255));
    for (const item of view.items)
      for (const probs of item.probs) {
        expect(probs).toHaveLength(4);
        expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      }
    tf.dispose([images, labels, quarter]);
    model.dispose();
  });
});
