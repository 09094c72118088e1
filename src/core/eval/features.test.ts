import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from '../models/encoder';
import { Rng } from '../rng';
import { syntheticImages, tensorImages, useCpuBackend } from '../testUtils';
import { extractFeatures, standardize } from './features';

beforeAll(useCpuBackend);

function encoderModel() {
  const encoder = new Encoder({ inChannels: 3, width: 4, depth: 2 }, new Rng(3));
  const batchSizes: number[] = [];
  const model = {
    features: (x: tf.Tensor4D) => {
      batchSizes.push(x.shape[0]);
      return encoder.apply(x).pooled;
    },
  };
  return { encoder, model, batchSizes };
}

describe('extractFeatures', () => {
  it('pads the last batch to the fixed size and gives the same rows as one big batch', async () => {
    const images = syntheticImages(7, 8, 5);
    const { encoder, model, batchSizes } = encoderModel();
    const indices = Int32Array.from([5, 0, 3, 3, 6, 1, 2]);
    const before = tf.memory().numTensors;
    const batched = extractFeatures(model, tensorImages(images), indices, 3); // 3 + 3 + (1 real + 2 padded)
    expect(batchSizes).toEqual([3, 3, 3]);
    const whole = extractFeatures(model, tensorImages(images), indices, 7);
    expect(batched.shape).toEqual([7, encoder.featureDim]);
    const [a, b] = [await batched.data(), await whole.data()];
    const maxDiff = Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    expect(maxDiff).toBeLessThan(1e-5);
    // Rows follow `indices`: the repeated index 3 gives two equal rows, distinct images give distinct rows.
    const row = (r: number) => Array.from(a.subarray(r * encoder.featureDim, (r + 1) * encoder.featureDim));
    expect(row(2)).toEqual(row(3));
    expect(row(0)).not.toEqual(row(1));
    tf.dispose([batched, whole]);
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
    encoder.dispose();
  });

  it('gives zero rows of the feature width for no indices', () => {
    const images = syntheticImages(2, 8);
    const { encoder, model } = encoderModel();
    const out = extractFeatures(model, tensorImages(images), new Int32Array(0), 4);
    expect(out.shape).toEqual([0, encoder.featureDim]);
    tf.dispose([out, images]);
    encoder.dispose();
  });
});

describe('standardize', () => {
  it('uses the mean and std of the train features only', async () => {
    const train = tf.tensor2d([
      [1, 10],
      [3, 30],
    ]); // mean [2, 20], population std [1, 10]
    const test = tf.tensor2d([
      [2, 40],
      [0, 0],
    ]);
    const out = standardize(train, test);
    expect(Array.from(await out.train.data())).toEqual([-1, -1, 1, 1]);
    const t = await out.test.data();
    [0, 2, -2, -2].forEach((v, i) => expect(t[i]).toBeCloseTo(v, 5));
    tf.dispose([train, test, out.train, out.test]);
  });
});
