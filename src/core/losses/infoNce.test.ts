import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { useCpuBackend } from '../testUtils';
import { crossEntropy } from './crossEntropy';
import { infoNce, infoNceScores, ntXent } from './infoNce';

beforeAll(useCpuBackend);

describe('infoNce', () => {
  it('equals the hand-computed cross-entropy and accuracy on a 3×2 example', async () => {
    // 3 predictions, 2 candidates, d = 2. Scores = P·Cᵀ:
    // p0 = (1, 0) → (1, 0), positive 0;  p1 = (0, 2) → (0, 2), positive 1;  p2 = (1, 2) → (1, 2), positive 0.
    const predictions = tf.tensor2d([
      [1, 0],
      [0, 2],
      [1, 2],
    ]);
    const candidates = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const positives = tf.tensor1d([0, 1, 0], 'int32');
    const { loss, accuracy } = infoNce(predictions, candidates, positives);
    const lse = (a: number, b: number) => Math.log(Math.exp(a) + Math.exp(b));
    const expected = (lse(1, 0) - 1 + (lse(0, 2) - 2) + (lse(1, 2) - 1)) / 3;
    expect((await loss.data())[0]).toBeCloseTo(expected, 5);
    expect((await accuracy.data())[0]).toBeCloseTo(2 / 3, 6); // p2 prefers candidate 1
    tf.dispose([predictions, candidates, positives, loss, accuracy]);
  });

  it('has a gradient that raises the positive score', async () => {
    const candidates = tf.tensor2d([
      [1, 0],
      [0, 1],
    ]);
    const positives = tf.tensor1d([1], 'int32');
    const prediction = tf.tensor2d([[0.5, 0.5]]);
    const grad = tf.grad((p: tf.Tensor) => infoNce(p as tf.Tensor2D, candidates, positives).loss)(prediction);
    const g = await grad.data();
    expect(g[1]).toBeLessThan(0); // descending the loss increases p·c1
    expect(g[0]).toBeGreaterThan(0);
    tf.dispose([candidates, positives, prediction, grad]);
  });

  it('matches softmax cross-entropy of the score table, in value and in gradients, on random data', async () => {
    const rng = new Rng(3);
    const rand = (shape: [number, number], scale: number) =>
      tf.tensor2d(
        Float32Array.from({ length: shape[0] * shape[1] }, () => (rng.next() * 2 - 1) * scale),
        shape,
      );
    const predictions = rand([7, 4], 2),
      candidates = rand([5, 4], 2);
    const positives = tf.tensor1d([0, 4, 4, 2, 1, 3, 0], 'int32');
    const ours = (p: tf.Tensor, c: tf.Tensor) => infoNce(p as tf.Tensor2D, c as tf.Tensor2D, positives).loss;
    const reference = (p: tf.Tensor, c: tf.Tensor) => crossEntropy(infoNceScores(p as tf.Tensor2D, c as tf.Tensor2D), positives);
    const [a, b] = [ours, reference].map((f) => tf.valueAndGrads(f)([predictions, candidates]));
    expect((await a.value.data())[0]).toBeCloseTo((await b.value.data())[0], 5);
    for (let i = 0; i < 2; i++) {
      const [ga, gb] = [await a.grads[i].data(), await b.grads[i].data()];
      expect(Array.from(gb).some((v) => Math.abs(v) > 1e-3)).toBe(true);
      ga.forEach((v, k) => expect(v).toBeCloseTo(gb[k], 5));
    }
    tf.dispose([predictions, candidates, positives, a.value, b.value, ...a.grads, ...b.grads]);
  });

  it('stays finite for scores far beyond exp’s range', async () => {
    const predictions = tf.tensor2d([
      [100, 0],
      [0, -100],
    ]);
    const candidates = tf.tensor2d([
      [100, 0],
      [0, 100],
    ]);
    const positives = tf.tensor1d([1, 1], 'int32');
    // Scores [[1e4, 0], [0, −1e4]]: each row's positive trails its best candidate by 1e4, which is the loss.
    const { loss, accuracy } = infoNce(predictions, candidates, positives);
    expect((await loss.data())[0]).toBeCloseTo(1e4, 1);
    expect((await accuracy.data())[0]).toBe(0);
    const grad = tf.grad((p: tf.Tensor) => infoNce(p as tf.Tensor2D, candidates, positives).loss)(predictions);
    expect(Array.from(await grad.data()).every(Number.isFinite)).toBe(true);
    tf.dispose([predictions, candidates, positives, loss, accuracy, grad]);
  });
});

describe('ntXent', () => {
  it('equals the cross-entropy of each embedding against its partner among the other 2n − 1', async () => {
    const rng = new Rng(4);
    const rand = () =>
      tf.tensor2d(
        Float32Array.from({ length: 3 * 4 }, () => rng.next() * 2 - 1),
        [3, 4],
      );
    const [a, b] = [rand(), rand()];
    const t = 0.5;
    const { loss, accuracy } = ntXent(a, b, t);
    const z = (await tf.concat([a, b]).array()) as number[][];
    const unit = z.map((row) => row.map((v) => v / Math.hypot(...row)));
    let total = 0;
    let hits = 0;
    for (let i = 0; i < 6; i++) {
      const scores = unit.map((row, j) => (j === i ? -Infinity : row.reduce((s, v, k) => s + v * unit[i][k], 0) / t));
      const partner = (i + 3) % 6;
      total += Math.log(scores.reduce((s, v) => s + Math.exp(v), 0)) - scores[partner];
      if (scores.indexOf(Math.max(...scores)) === partner) hits++;
    }
    expect((await loss.data())[0]).toBeCloseTo(total / 6, 4);
    expect((await accuracy.data())[0]).toBeCloseTo(hits / 6, 6);
    tf.dispose([a, b, loss, accuracy]);
  });

  it('is near zero when each pair is identical and the pairs point apart, and has finite gradients', async () => {
    const a = tf.tensor2d([
      [1, 0],
      [0, 1],
      [-1, 0],
    ]);
    const { loss } = ntXent(a, a, 0.05);
    expect((await loss.data())[0]).toBeLessThan(1e-3);
    const g = tf.grad((x: tf.Tensor) => ntXent(x as tf.Tensor2D, a, 0.5).loss)(
      tf.tensor2d([
        [0.5, 0.5],
        [0, 1],
        [-1, 0.2],
      ]),
    );
    expect(Array.from(await g.data()).every(Number.isFinite)).toBe(true);
    tf.dispose([a, loss, g]);
  });
});
