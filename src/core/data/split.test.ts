import { describe, expect, it } from 'vitest';
import { labelSubset, stratifiedSplit } from './split';

/** Class sizes 40, 25, 9, 2, 1 and 6 unlabelled images, interleaved. */
const SIZES = [40, 25, 9, 2, 1];
const LABELS = Int32Array.from([...SIZES.flatMap((n, c) => new Array<number>(n).fill(c)), ...new Array<number>(6).fill(-1)]).map(
  (_, i, all) => all[(i * 7) % all.length],
); // 83 is prime to 7: a permutation that mixes the classes

const countBy = (indices: Int32Array, labels: Int32Array) => {
  const counts = new Map<number, number>();
  for (const i of indices) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  return counts;
};

describe('stratifiedSplit', () => {
  it('holds out the same fraction of every class, at least one of each class with two or more images', () => {
    const f = 0.2;
    const { train, test } = stratifiedSplit(LABELS, f, 1234);
    const all = [...train, ...test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from(LABELS.keys())); // disjoint and covering
    expect(Array.from(train)).toEqual([...train].sort((a, b) => a - b));
    expect(Array.from(test)).toEqual([...test].sort((a, b) => a - b));
    const testCounts = countBy(test, LABELS);
    const sizes = countBy(Int32Array.from(LABELS.keys()), LABELS);
    for (const [label, n] of sizes) {
      const held = testCounts.get(label) ?? 0;
      if (label === -1)
        expect(held).toBe(0); // unlabelled images stay in train beside labelled ones
      else if (n >= 2) {
        expect(held).toBeGreaterThanOrEqual(1);
        expect(held).toBeLessThanOrEqual(n - 1);
        expect(Math.abs(held - Math.min(Math.max(n * f, 1), n - 1))).toBeLessThanOrEqual(0.5 + 1e-9); // n·f, rounded
      } else expect(held).toBe(0);
    }
  });

  it('holds out unlabelled images only when nothing is labelled', () => {
    const unlabelled = new Int32Array(50).fill(-1);
    const { train, test } = stratifiedSplit(unlabelled, 0.2, 1234);
    expect(test.length).toBe(10);
    expect(train.length).toBe(40);
  });

  it('is a pure function of labels and seed, so every method sees the same split', () => {
    const a = stratifiedSplit(LABELS, 0.2, 1234);
    expect(stratifiedSplit(Int32Array.from(LABELS), 0.2, 1234)).toEqual(a);
    expect(stratifiedSplit(LABELS, 0.2, 99).test).not.toEqual(a.test);
  });
});

describe('labelSubset', () => {
  const { train } = stratifiedSplit(LABELS, 0.2, 1234);
  const trainCounts = countBy(train, LABELS);

  it('takes exactly k labelled train images per class (all of a smaller class), seeded', () => {
    for (const k of [1, 4, 10]) {
      const subset = labelSubset(LABELS, train, k, 7);
      const inTrain = new Set(train);
      expect([...subset].every((i) => inTrain.has(i))).toBe(true);
      const counts = countBy(subset, LABELS);
      expect(counts.has(-1)).toBe(false);
      for (const [label, n] of trainCounts) if (label >= 0) expect(counts.get(label)).toBe(Math.min(k, n));
      expect(labelSubset(LABELS, train, k, 7)).toEqual(subset);
    }
    expect(labelSubset(LABELS, train, 4, 8)).not.toEqual(labelSubset(LABELS, train, 4, 7));
  });
});
