import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../testUtils';
import { knnAccuracy } from './knn';

beforeAll(useCpuBackend);

// Train set (2-D features, label):      a (1, 0) → 0   b (1, 0.1) → 0   c (0, 1) → 1   d (0.1, 1) → 1   e (−1, 0) → 2
const TRAIN = [
  [1, 0],
  [1, 0.1],
  [0, 1],
  [0.1, 1],
  [-1, 0],
];
const TRAIN_Y = [0, 0, 1, 1, 2];
// Test set and the hand count for k = 3 (cosine similarities rounded):
//   q1 (1, 0.05), true 0:  a .999  b .999  d .149  c .050  e −.999 → top-3 a b d → votes 0:2 1:1 → 0 ✓
//   q2 (0.6, 1),  true 0:  d .905  c .857  b .597  a .514  e −.514 → top-3 d c b → votes 1:2 0:1 → 1 ✗
//   q3 (−1, 0.2), true 2:  e .981  c .196  d .098  b −.956 a −.981 → top-3 e c d → votes 1:2 2:1 → 1 ✗
// Accuracy 1/3; confusion rows (true) 0: [1, 1, 0], 1: [0, 0, 0], 2: [0, 1, 0]; recall 0: 1/2, 1: none, 2: 0.
const TEST = [
  [1, 0.05],
  [0.6, 1],
  [-1, 0.2],
];
const TEST_Y = [0, 0, 2];

async function run(train: number[][], trainY: number[], test: number[][], testY: number[], k: number, batchSize?: number) {
  const trainX = tf.tensor2d(train);
  const testX = tf.tensor2d(test);
  const before = tf.memory().numTensors;
  const result = await knnAccuracy({
    trainX,
    trainY: Int32Array.from(trainY),
    testX,
    testY: Int32Array.from(testY),
    numClasses: 3,
    k,
    batchSize,
  });
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([trainX, testX]);
  return result;
}

describe('knnAccuracy', () => {
  it('matches the hand count on a toy set, in one block or in padded blocks of 2', async () => {
    for (const batchSize of [undefined, 2]) {
      const result = await run(TRAIN, TRAIN_Y, TEST, TEST_Y, 3, batchSize);
      expect(result.k).toBe(3);
      expect(result.accuracy).toBeCloseTo(1 / 3, 10);
      expect(result.confusion).toEqual([
        [1, 1, 0],
        [0, 0, 0],
        [0, 1, 0],
      ]);
      expect(result.perClass[0]).toBe(0.5);
      expect(result.perClass[1]).toBeNaN();
      expect(result.perClass[2]).toBe(0);
    }
  });

  it('breaks a tie in votes by summed similarity, not by class index', async () => {
    // k = 2 over x (1, 0) → 0, y (0, 1) → 1, z (−1, 0) → 2: both queries get one vote for 0 and one for 1.
    // p (1, 0.8): sim x .781 > y .625 → 0.   r (0.8, 1): sim y .781 > x .625 → 1.
    const result = await run(
      [
        [1, 0],
        [0, 1],
        [-1, 0],
      ],
      [0, 1, 2],
      [
        [1, 0.8],
        [0.8, 1],
      ],
      [0, 1],
      2,
    );
    expect(result.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('clamps k to the train size', async () => {
    // k = 5 (all train rows): votes 0:2 1:2 2:1; q1's class-0 neighbours are closer (1.998 vs .199) → 0,
    // q2's class-1 neighbours are (1.762 vs 1.111) → 1, q3's class 1 (.294 vs −1.937) → 1.
    const result = await run(TRAIN, TRAIN_Y, TEST, TEST_Y, 50);
    expect(result.k).toBe(TRAIN.length);
    expect(result.confusion).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 1, 0],
    ]);
  });
});
