import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { useCpuBackend } from '../testUtils';
import { abBins, annealedMean, labToRgb, rebalanceWeights, rgbToAb, rgbToLab, rgbToLabScalar, softEncode } from './lab';

beforeAll(useCpuBackend);

/** Published sRGB (D65) → Lab values (Lindbloom / colormine calculators). */
const REFERENCE: [number[], number[]][] = [
  [
    [1, 0, 0],
    [53.2408, 80.0925, 67.2032],
  ],
  [
    [0, 1, 0],
    [87.7347, -86.1827, 83.1793],
  ],
  [
    [0, 0, 1],
    [32.297, 79.1875, -107.8602],
  ],
  [
    [1, 1, 1],
    [100, 0, 0],
  ],
  [
    [0, 0, 0],
    [0, 0, 0],
  ],
  [
    [0.5, 0.5, 0.5],
    [53.389, 0, 0],
  ],
];

describe('Lab conversion', () => {
  it('matches published Lab values', async () => {
    const lab = await rgbToLab(tf.tensor2d(REFERENCE.map((r) => r[0]))).data();
    REFERENCE.forEach(([, want], i) => want.forEach((v, c) => expect(lab[i * 3 + c]).toBeCloseTo(v, 1)));
  });

  it('round-trips RGB → Lab → RGB within 1e-3 and agrees with the scalar version', async () => {
    const rng = new Rng(3);
    const values = Array.from({ length: 600 }, () => rng.next());
    const rgb = tf.tensor4d(values, [2, 10, 10, 3]);
    const lab = rgbToLab(rgb);
    const back = await labToRgb(lab).data();
    values.forEach((v, i) => expect(Math.abs(back[i] - v)).toBeLessThan(1e-3));
    const labValues = await lab.data();
    for (let p = 0; p < 200; p++) {
      const s = rgbToLabScalar(values[p * 3], values[p * 3 + 1], values[p * 3 + 2]);
      s.forEach((v, c) => expect(labValues[p * 3 + c]).toBeCloseTo(v, 2));
    }
  });

  it('gives a and b alone as rgbToLab gives them', async () => {
    const rgb = tf.tensor4d(
      Array.from({ length: 96 }, (_, i) => ((i * 37) % 101) / 100),
      [2, 4, 4, 3],
    );
    const ab = rgbToAb(rgb);
    expect(ab.shape).toEqual([2, 4, 4, 2]);
    const [got, lab] = [await ab.data(), await rgbToLab(rgb).data()];
    for (let p = 0; p < 32; p++) for (let c = 0; c < 2; c++) expect(got[p * 2 + c]).toBeCloseTo(lab[p * 3 + 1 + c], 4);
  });
});

describe('ab bins', () => {
  it('keeps the grid cells the sRGB gamut reaches: a few hundred, all on the grid', () => {
    const bins = abBins(10);
    const q = bins.length / 2;
    expect(q).toBeGreaterThan(240);
    expect(q).toBeLessThan(320);
    bins.forEach((v) => expect(Math.abs(v % 10)).toBe(0));
    const has = (a: number, b: number) => bins.some((_, i) => i % 2 === 0 && bins[i] === a && bins[i + 1] === b);
    expect(has(0, 0)).toBe(true); // greys
    expect(has(80, 70)).toBe(true); // pure red (80.1, 67.2)
    expect(has(-100, -100)).toBe(false); // no sRGB colour is that green-blue
  });

  it('soft-encodes: rows sum to 1, peak at the nearest bin, at most 5 non-zeros', async () => {
    const bins = abBins(10);
    const centres = tf.tensor2d(bins, [bins.length / 2, 2]);
    const ab = tf.tensor2d([
      [3, -2],
      [41, 38],
      [-12, 56],
    ]);
    const soft = softEncode(ab, centres);
    const rows = (await soft.array()) as number[][];
    const abv = (await ab.array()) as number[][];
    rows.forEach((row, p) => {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row.filter((v) => v > 0).length).toBeLessThanOrEqual(5);
      const peak = row.indexOf(Math.max(...row));
      const dist = (q: number) => (bins[q * 2] - abv[p][0]) ** 2 + (bins[q * 2 + 1] - abv[p][1]) ** 2;
      const nearest = [...Array(bins.length / 2).keys()].reduce((best, q) => (dist(q) < dist(best) ? q : best), 0);
      expect(peak).toBe(nearest);
    });
    tf.dispose([centres, ab, soft]);
  });

  it('equals the previous formulation (a Gaussian over every bin, masked to the k nearest by a one-hot sum)', async () => {
    const bins = abBins(10);
    const centres = tf.tensor2d(bins, [bins.length / 2, 2]);
    const rng = new Rng(8);
    const ab = tf.tensor2d(
      Float32Array.from({ length: 2 * 300 }, () => 120 * rng.next() - 60),
      [300, 2],
    );
    const previous = tf.tidy(() => {
      const d2 = tf.add(
        tf.sub(tf.sum(tf.square(ab), 1, true), tf.mul(tf.matMul(ab, centres, false, true), 2)),
        tf.sum(tf.square(centres), 1).expandDims(0),
      );
      const nearest = tf.topk(tf.neg(d2), 5);
      const kept = tf.sum(tf.oneHot(nearest.indices, centres.shape[0]), 1);
      const w = tf.mul(tf.exp(tf.div(tf.sub(tf.neg(d2), tf.slice(nearest.values, [0, 0], [-1, 1])), 50)), kept);
      return tf.div(w, tf.sum(w, 1, true));
    });
    const ours = softEncode(ab, centres);
    const [a, b] = [await ours.data(), await previous.data()];
    expect(ours.shape).toEqual(previous.shape);
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 6));
    tf.dispose([centres, ab, previous, ours]);
  });
});

describe('class rebalancing', () => {
  it('gives the rarer colour the larger weight, with mean 1 under the prior', async () => {
    // A synthetic image: 90% grey, 10% red → the soft-encoded bin prior → weights.
    const bins = abBins(10);
    const centres = tf.tensor2d(bins, [bins.length / 2, 2]);
    const pixels = [...Array(100).keys()].map((i) => (i < 90 ? [0.5, 0.5, 0.5] : [1, 0, 0]));
    const lab = rgbToLab(tf.tensor2d(pixels));
    const ab = tf.slice(lab, [0, 1], [-1, 2]) as tf.Tensor2D;
    const prior = tf.mean(softEncode(ab, centres), 0) as tf.Tensor1D;
    const weights = rebalanceWeights(prior);
    const w = Array.from(await weights.data());
    const p = Array.from(await prior.data());
    const bin = (a: number, b: number) => [...Array(bins.length / 2).keys()].find((q) => bins[q * 2] === a && bins[q * 2 + 1] === b)!;
    const grey = bin(0, 0),
      red = bin(80, 70);
    expect(p[grey]).toBeGreaterThan(p[red]);
    expect(w[red]).toBeGreaterThan(w[grey]);
    expect(p.reduce((s, v, q) => s + v * w[q], 0)).toBeCloseTo(1, 5);
    // A bin no pixel reaches (prior 0) shares the largest weight.
    expect(Math.max(...w)).toBeCloseTo(w[bin(-80, 70)], 5);
    tf.dispose([centres, lab, ab, prior, weights]);
  });

  it('annealed mean moves from the mean towards the mode as T falls', async () => {
    const centres = tf.tensor2d([
      [0, 0],
      [10, 0],
      [20, 0],
    ]);
    const logits = tf.tensor2d([[0, 1, 2]]);
    const atOne = (await annealedMean(logits, centres, 1).data())[0];
    const annealed = (await annealedMean(logits, centres).data())[0];
    const cold = (await annealedMean(logits, centres, 0.01).data())[0];
    expect(annealed).toBeGreaterThan(atOne);
    expect(cold).toBeCloseTo(20, 3);
    tf.dispose([centres, logits]);
  });
});
