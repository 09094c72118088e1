import { describe as suite, expect, it } from 'vitest';
import { analyse, candidateCount, describe, heatMap, percent, positiveIndex, rankOf, scoreRow, softmax, step } from './cpcMath';

// G = 2, K = 1, a batch of B = 2 images → N = 8 candidates; the shown image is b = 1.
// Scores are log-weights, so softmax gives weight / Σ weights exactly.
const rowA = [1, 2, 3, 4, 5, 6, 7, 8]; // context (0, 0): positive n = 1·4 + 1·2 + 0 = 6, weight 7
const rowB = [1, 1, 1, 1, 1, 1, 1, 9]; // context (0, 1): positive n = 1·4 + 1·2 + 1 = 7, weight 9
const nan = new Array(8).fill(NaN); // row 1 has no row below it
const view = {
  grid: 2,
  maxOffset: 1,
  imageIndex: 1,
  scores: Float32Array.from([...rowA, ...rowB, ...nan, ...nan].map(Math.log)),
};

suite('cpcMath', () => {
  it('finds the score row and the positive from the documented layout', () => {
    expect(candidateCount(view)).toBe(8);
    expect(Array.from(scoreRow(view, { i: 0, j: 1, k: 1 })).map(Math.exp)).toEqual(rowB.map((w) => expect.closeTo(w, 4)));
    expect(positiveIndex(view, { i: 0, j: 0, k: 1 })).toBe(6);
    expect(positiveIndex(view, { i: 0, j: 1, k: 1 })).toBe(7);
  });

  it('softmax sums to one, matches weight ratios and survives large scores', () => {
    const p = softmax(Float32Array.from(rowA.map(Math.log)));
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(p[6]).toBeCloseTo(7 / 36, 6);
    expect(Array.from(softmax([1000, 1000, 1000 - Math.log(2)]))).toEqual([0.4, 0.4, 0.2].map((x) => expect.closeTo(x, 10)));
  });

  it('ranks from one, counting only strictly higher scores', () => {
    expect(rankOf(rowA, 7)).toBe(1);
    expect(rankOf(rowA, 6)).toBe(2);
    expect(rankOf(rowA, 0)).toBe(8);
    expect(rankOf([3, 5, 5, 1], 2)).toBe(1); // a tie does not push it down
    expect(rankOf([3, 5, 5, 1], 0)).toBe(3);
  });

  it('lists the positive among the top negatives, most probable first', () => {
    const a = analyse(view, { i: 0, j: 0, k: 1 }, 2)!;
    expect(a.rank).toBe(2);
    expect(a.total).toBe(8);
    expect(a.probability).toBeCloseTo(7 / 36, 6);
    expect(a.candidates.map((c) => c.n)).toEqual([7, 6, 5]);
    expect(a.candidates.map((c) => c.positive)).toEqual([false, true, false]);
    expect(analyse(view, { i: 0, j: 1, k: 1 }, 3)!.rank).toBe(1);
    expect(analyse(view, { i: 1, j: 0, k: 1 }, 3)).toBeNull();
  });

  it('maps the positive probability over the grid, blank where i + k ≥ G', () => {
    const h = heatMap(view, 1);
    expect(h).toHaveLength(4);
    expect(h[0]).toBeCloseTo(7 / 36, 6);
    expect(h[1]).toBeCloseTo(9 / 16, 6);
    expect(h.slice(2)).toEqual([null, null]);
  });

  it('steps inside the grid and pulls i up when k grows', () => {
    const g = { grid: 4, maxOffset: 2 };
    expect(step(g, { i: 2, j: 3, k: 1 }, 0, 1, 0)).toEqual({ i: 2, j: 3, k: 1 });
    expect(step(g, { i: 2, j: 3, k: 1 }, 0, -1, 0)).toEqual({ i: 2, j: 2, k: 1 });
    expect(step(g, { i: 2, j: 0, k: 1 }, 1, 0, 0)).toEqual({ i: 2, j: 0, k: 1 });
    expect(step(g, { i: 2, j: 0, k: 1 }, 0, 0, 1)).toEqual({ i: 1, j: 0, k: 2 });
    expect(step(g, { i: 0, j: 0, k: 2 }, -1, 0, 1)).toEqual({ i: 0, j: 0, k: 2 });
  });

  it('describes the step for screen readers', () => {
    expect(describe({ i: 2, j: 3, k: 2 }, { rank: 3, total: 392 })).toBe(
      'Context row ≤ 2, predicting patch (4, 3), k = 2: true patch ranked 3 of 392',
    );
  });

  it('formats probabilities near chance without rounding them to zero', () => {
    expect(percent(0.137)).toBe('13.7%');
    expect(percent(1 / 392)).toBe('0.26%');
    expect(percent(0.000041)).toBe('0.0041%');
  });
});
