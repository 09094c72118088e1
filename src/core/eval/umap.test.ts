import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { umapProjection } from './umap';

/** `perCluster` points around each of three far-apart centres in 8 dimensions. */
function clusters(perCluster: number): { values: Float32Array; n: number; d: number } {
  const d = 8;
  const rng = new Rng(7);
  const n = perCluster * 3;
  const values = new Float32Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) values[i * d + j] = (j === Math.floor(i / perCluster) ? 10 : 0) + rng.next() - 0.5;
  return { values, n, d };
}

const centre = (p: Float32Array, from: number, to: number) => {
  let [x, y] = [0, 0];
  for (let i = from; i < to; i++) [x, y] = [x + p[2 * i], y + p[2 * i + 1]];
  return [x / (to - from), y / (to - from)];
};

describe('umapProjection', () => {
  it('is the same for the same seed, different for another', () => {
    const { values, n, d } = clusters(10);
    const a = umapProjection(values, n, d, 3)!;
    expect(a).toHaveLength(n * 2);
    expect(Array.from(umapProjection(values, n, d, 3)!)).toEqual(Array.from(a));
    expect(Array.from(umapProjection(values, n, d, 4)!)).not.toEqual(Array.from(a));
  });

  it('keeps separate clusters apart: each point is nearer its own cluster centre than another', () => {
    const { values, n, d } = clusters(10);
    const p = umapProjection(values, n, d, 1)!;
    const centres = [0, 1, 2].map((c) => centre(p, c * 10, (c + 1) * 10));
    for (let i = 0; i < n; i++) {
      const dist = centres.map(([x, y]) => Math.hypot(p[2 * i] - x, p[2 * i + 1] - y));
      expect(dist.indexOf(Math.min(...dist))).toBe(Math.floor(i / 10));
    }
  });

  it('gives no projection for too few points', () => {
    expect(umapProjection(new Float32Array(8), 2, 4, 1)).toBeNull();
  });
});
