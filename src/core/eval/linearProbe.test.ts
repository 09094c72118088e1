import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { useCpuBackend } from '../testUtils';
import { linearProbe } from './linearProbe';
import { clusters } from './testData';

beforeAll(useCpuBackend);

const C = 4;
const DIM = 6;

/** Train and test sets drawn from the same clusters (4 classes at distance 4·√2 apart, unit noise). */
function data(seed: number, spread: number) {
  const rng = new Rng(seed);
  const train = clusters(C, 50, DIM, spread, rng);
  const test = clusters(C, 100, DIM, spread, rng);
  return {
    trainX: tf.tensor2d(train.values, [train.labels.length, DIM]),
    trainY: train.labels,
    testX: tf.tensor2d(test.values, [test.labels.length, DIM]),
    testY: test.labels,
  };
}

describe('linearProbe', () => {
  it('separates linearly separable clusters, reproducibly for a seed', async () => {
    const d = data(1, 4);
    const before = tf.memory().numTensors;
    const first = await linearProbe({ ...d, numClasses: C, seed: 7 });
    const again = await linearProbe({ ...d, numClasses: C, seed: 7 });
    expect(tf.memory().numTensors).toBe(before);
    expect(first.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(again).toEqual(first);
    // Rows of the confusion matrix are the true classes: each sums to that class' 100 test points.
    expect(first.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([100, 100, 100, 100]);
    first.perClass.forEach((recall, c) => expect(recall).toBeCloseTo(first.confusion[c][c] / 100, 10));
    tf.dispose([d.trainX, d.testX]);
  });

  it('stays near chance when the labels are shuffled (independent of the features)', async () => {
    const d = data(2, 4);
    const rng = new Rng(9);
    const shuffle = (labels: Int32Array) => rng.shuffle(Int32Array.from(labels)) as Int32Array;
    const result = await linearProbe({ ...d, trainY: shuffle(d.trainY), testY: shuffle(d.testY), numClasses: C, seed: 7 });
    expect(Math.abs(result.accuracy - 1 / C)).toBeLessThan(0.15);
    tf.dispose([d.trainX, d.testX]);
  });
});
