import { describe, expect, it } from 'vitest';
import { evenBatches, FILE_READ, planBatches, throttle } from './batches';

/** The ranges cover 0 … n in order, without gaps or overlaps. */
function expectCover(batches: [number, number][], n: number): void {
  expect(batches[0]?.[0] ?? 0).toBe(0);
  for (let k = 1; k < batches.length; k++) expect(batches[k][0]).toBe(batches[k - 1][1]);
  expect(batches.at(-1)?.[1] ?? 0).toBe(n);
  for (const [a, b] of batches) expect(b).toBeGreaterThan(a);
}

describe('planBatches', () => {
  it('cuts small files into batches of at most maxItems', () => {
    const batches = planBatches(new Array(150).fill(900), { maxItems: 64, maxTotal: Infinity });
    expect(batches).toEqual([
      [0, 64],
      [64, 128],
      [128, 150],
    ]);
  });

  it('keeps each batch within the byte budget, a heavier file alone', () => {
    const sizes = [3, 3, 3, 12, 1, 1, 5, 5, 0, 4];
    const batches = planBatches(sizes, { maxItems: 100, maxTotal: 10 });
    expectCover(batches, sizes.length);
    expect(batches).toEqual([
      [0, 3],
      [3, 4],
      [4, 7],
      [7, 10],
    ]);
    for (const [a, b] of batches) {
      const total = sizes.slice(a, b).reduce((s, x) => s + x, 0);
      expect(b - a === 1 || total <= 10).toBe(true);
    }
  });

  it('covers 50,000 mixed files and nothing when there are none', () => {
    const sizes = Array.from({ length: 50_000 }, (_, i) => (i % 997 === 0 ? 30 * 2 ** 20 : 1000 + (i % 7) * 300));
    const batches = planBatches(sizes, FILE_READ);
    expectCover(batches, sizes.length);
    expect(batches.filter(([a, b]) => b - a === 1).length).toBeGreaterThanOrEqual(Math.floor(50_000 / 997)); // every 30 MB file alone
    expect(planBatches([], FILE_READ)).toEqual([]);
  });
});

describe('evenBatches', () => {
  it('cuts a count into ranges of one size, the last one shorter', () => {
    expect(evenBatches(150, 64)).toEqual([
      [0, 64],
      [64, 128],
      [128, 150],
    ]);
    expect(evenBatches(128, 64)).toEqual([
      [0, 64],
      [64, 128],
    ]);
    expect(evenBatches(0, 64)).toEqual([]);
  });
});

describe('throttle', () => {
  it('passes at most one call per interval', () => {
    let t = 0;
    const seen: number[] = [];
    const push = throttle(
      (v: number) => seen.push(v),
      100,
      () => t,
    );
    for (let i = 0; i < 50; i++) {
      push(i);
      t += 30; // 50 calls over 1.5 s
    }
    expect(seen[0]).toBe(0);
    expect(seen.length).toBe(13);
    for (let k = 1; k < seen.length; k++) expect(seen[k] - seen[k - 1]).toBeGreaterThanOrEqual(4);
  });
});
