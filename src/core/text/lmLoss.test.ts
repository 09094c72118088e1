import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { reverseTokens, tokenCrossEntropy } from './lmLoss';

describe('tokenCrossEntropy', () => {
  it('matches the one-hot cross-entropy on non-pad rows and skips pads', () => {
    const logits = tf.tensor2d([
      [2, 0, 1],
      [0, 3, 0],
      [1, 1, 1],
    ]);
    const out = tokenCrossEntropy(logits, tf.tensor1d([2, 1, 0], 'int32'));
    const ls = tf.logSoftmax(logits).arraySync() as number[][];
    expect(out.loss.arraySync()).toBeCloseTo(-(ls[0][2] + ls[1][1]) / 2, 5);
    expect(out.accuracy.arraySync()).toBeCloseTo(0.5);
    expect(out.count.arraySync()).toBe(2);
  });
  it('counts only weighted rows', () => {
    const out = tokenCrossEntropy(
      tf.tensor2d([
        [0, 5],
        [5, 0],
      ]),
      tf.tensor1d([1, 1], 'int32'),
      tf.tensor1d([1, 0]),
    );
    expect(out.accuracy.arraySync()).toBe(1);
  });
});

describe('reverseTokens', () => {
  it('reverses the words before the pads', () => {
    const r = reverseTokens(
      tf.tensor2d(
        [
          [5, 6, 7, 0],
          [8, 9, 10, 11],
        ],
        undefined,
        'int32',
      ),
    );
    expect(r.arraySync()).toEqual([
      [7, 6, 5, 0],
      [11, 10, 9, 8],
    ]);
  });
});
