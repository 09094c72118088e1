import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { useCpuBackend } from '../testUtils';
import { pcaProjection, principalAxes } from './pca';
import { gaussian } from './testData';

beforeAll(useCpuBackend);

const DIM = 6;
const N = 400;

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);
const unit = (v: number[]) => v.map((x) => x / Math.sqrt(dot(v, v)));

/** An elongated cloud around an offset: std 10 along u, 4 along w ⟂ u, 1 elsewhere. */
function cloud(seed: number) {
  const rng = new Rng(seed);
  const u = unit(Array.from({ length: DIM }, () => gaussian(rng)));
  const raw = Array.from({ length: DIM }, () => gaussian(rng));
  const w = unit(raw.map((x, i) => x - dot(raw, u) * u[i]));
  const rows = Array.from({ length: N }, () => {
    const [a, b] = [10 * gaussian(rng), 4 * gaussian(rng)];
    return Array.from({ length: DIM }, (_, i) => 5 + a * u[i] + b * w[i] + gaussian(rng));
  });
  return { u, w, rows };
}

describe('PCA', () => {
  it('recovers the main and second axes of an elongated Gaussian cloud', async () => {
    const { u, w, rows } = cloud(4);
    const x = tf.tensor2d(rows);
    const before = tf.memory().numTensors;
    const [first, second] = await principalAxes(x, 2);
    expect(Math.abs(dot(first, u))).toBeGreaterThan(0.99);
    expect(Math.abs(dot(second, w))).toBeGreaterThan(0.99);
    expect(Math.abs(dot(first, second))).toBeLessThan(1e-6);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('projects the centred features onto the two axes, first axis with the larger spread', async () => {
    const { rows } = cloud(5);
    const x = tf.tensor2d(rows);
    const [first, second] = await principalAxes(x, 2);
    const points = await pcaProjection(x);
    expect(points.length).toBe(N * 2);
    const mean = Array.from({ length: DIM }, (_, i) => rows.reduce((s, r) => s + r[i], 0) / N);
    rows.forEach((r, n) => {
      const centred = r.map((v, i) => v - mean[i]);
      expect(points[n * 2]).toBeCloseTo(dot(centred, first), 3);
      expect(points[n * 2 + 1]).toBeCloseTo(dot(centred, second), 3);
    });
    const spread = (k: number) => points.filter((_, i) => i % 2 === k).reduce((s, v) => s + v * v, 0);
    expect(spread(0)).toBeGreaterThan(spread(1));
    x.dispose();
  });

  it('returns zero axes and points for features without variance', async () => {
    const x = tf.fill([5, 3], 2) as tf.Tensor2D;
    const axes = await principalAxes(x, 2);
    axes.forEach((a) => expect(Array.from(a)).toEqual([0, 0, 0]));
    expect(Array.from(await pcaProjection(x))).toEqual(new Array(10).fill(0));
    x.dispose();
  });
});
