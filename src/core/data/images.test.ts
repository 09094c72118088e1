import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticImages, useCpuBackend } from '../testUtils';
import { greyscale, LUMA } from './images';

beforeAll(useCpuBackend);

describe('greyscale', () => {
  it('equals the luma sum copied to every channel, in value and in gradient', async () => {
    const x = syntheticImages(3, 5, 2);
    const previous = (t: tf.Tensor) => {
      const luma = tf.sum(tf.mul(t, tf.tensor1d(LUMA)), 3, true);
      return tf.concat([luma, luma, luma], 3);
    };
    const w = tf.randomUniform(x.shape, -1, 1, 'float32', 3);
    const [ours, theirs] = [greyscale(x), previous(x)];
    expect(ours.shape).toEqual([3, 5, 5, 3]);
    const [a, b] = [await ours.data(), await theirs.data()];
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 6));
    const [ga, gb] = [(t: tf.Tensor) => greyscale(t as tf.Tensor4D), previous].map((f) =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.mul(f(t), w)))(x),
    );
    const [da, db] = [await ga.data(), await gb.data()];
    da.forEach((v, i) => expect(v).toBeCloseTo(db[i], 6));
    tf.dispose([x, w, ours, theirs, ga, gb]);
  });
});
