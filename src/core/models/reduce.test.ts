import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticImages, useCpuBackend } from '../testUtils';
import { channelSum, globalAverage, groupMean, spatialMean } from './reduce';

beforeAll(useCpuBackend);

const close = async (a: tf.Tensor, b: tf.Tensor) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = await Promise.all([a.data(), b.data()]);
  x.forEach((v, i) => expect(v).toBeCloseTo(y[i], 5));
};

describe('channel-innermost reductions', () => {
  it('equal the plain means and sums over the spatial axes, without leaking', async () => {
    const before = tf.memory().numTensors;
    const x = syntheticImages(2, 6, 4); // [2, 6, 6, 3]
    const [m, g, s, rm, rg, rs] = tf.tidy(() => [
      spatialMean(x),
      globalAverage(x),
      channelSum(x),
      tf.mean(x, [1, 2], true),
      tf.mean(x, [1, 2]),
      tf.sum(x, [0, 1, 2]),
    ]);
    await close(m, rm);
    await close(g, rg);
    await close(s, rs);
    tf.dispose([x, m, g, s, rm, rg, rs]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('averages each group of channels and repeats it over the group', async () => {
    const perChannel = tf.tensor4d([1, 3, 10, 20, 5, 7, 0, 4], [2, 1, 1, 4]);
    const out = groupMean(perChannel, 2);
    expect(Array.from(await out.data())).toEqual([2, 2, 15, 15, 6, 6, 2, 2]);
    tf.dispose([perChannel, out]);
  });
});
