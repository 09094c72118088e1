import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../testUtils';
import { infoNce } from './infoNce';

beforeAll(useCpuBackend);

describe('infoNce', () => {
  it('equals the hand-computed cross-entropy and accuracy on a 3×2 example', async () => {
    // 3 predictions, 2 candidates, d = 2. Scores = P·Cᵀ:
    // p0 = (1, 0) → (1, 0), positive 0;  p1 = (0, 2) → (0, 2), positive 1;  p2 = (1, 2) → (1, 2), positive 0.
    const predictions = tf.tensor2d([[1, 0], [0, 2], [1, 2]]);
    const candidates = tf.tensor2d([[1, 0], [0, 1]]);
    const positives = tf.tensor1d([0, 1, 0], 'int32');
    const { loss, accuracy } = infoNce(predictions, candidates, positives);
    const lse = (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b));
    const expected = ((lse(1, 0) - 1) + (lse(0, 2) - 2) + (lse(1, 2) - 1)) / 3;
    expect((await loss.data())[0]).toBeCloseTo(expected, 5);
    expect((await accuracy.data())[0]).toBeCloseTo(2 / 3, 6); // p2 prefers candidate 1
    tf.dispose([predictions, candidates, positives, loss, accuracy]);
  });

  it('has a gradient that raises the positive score', async () => {
    const candidates = tf.tensor2d([[1, 0], [0, 1]]);
    const positives = tf.tensor1d([1], 'int32');
    const prediction = tf.tensor2d([[0.5, 0.5]]);
    const grad = tf.grad((p: tf.Tensor) => infoNce(p as tf.Tensor2D, candidates, positives).loss)(prediction);
    const g = await grad.data();
    expect(g[1]).toBeLessThan(0); // descending the loss increases p·c1
    expect(g[0]).toBeGreaterThan(0);
    tf.dispose([candidates, positives, prediction, grad]);
  });
});
