import { describe, expect, it } from 'vitest';
import type { CurvePoint } from '../../core/train/types';
import { CurveDownsampler, downsampled } from './downsample';

const point = (step: number, loss: number, acc?: number): CurvePoint => ({
  step,
  loss,
  lr: 0.01 / step,
  metrics: acc === undefined ? {} : { accuracy: acc },
});
const wave = (n: number) =>
  Array.from({ length: n }, (_, i) => point(i + 1, 2 + Math.sin(i / 50) + (i === 4321 ? 9 : 0) - (i === 777 ? 1.5 : 0)));

/** The debiased EMA of the whole series, computed naively (the reference for the incremental one). */
function naiveEma(values: number[], w: number): number[] {
  let acc = 0;
  let n = 0;
  return values.map((v) => {
    if (Number.isFinite(v)) {
      acc = w * acc + (1 - w) * v;
      n++;
    }
    return n ? acc / (1 - w ** n) : NaN;
  });
}

describe('CurveDownsampler', () => {
  it('keeps every point of a short series, with its smoothed twin', () => {
    const points = [point(1, 3), point(2, 1), point(3, 2)];
    const rows = new CurveDownsampler({ key: 'loss', maxPoints: 10, smoothing: 0.5 }).update(points, 3);
    const smooth = naiveEma([3, 1, 2], 0.5);
    expect(rows.map((r) => [r.step, r.value])).toEqual([
      [1, 3],
      [2, 1],
      [3, 2],
    ]);
    rows.forEach((r, i) => expect(r.smooth).toBeCloseTo(smooth[i], 12));
  });

  it('keeps at most maxPoints rows of a long series, in step order, with the first, last and every extreme', () => {
    const points = wave(10_000);
    const rows = new CurveDownsampler({ key: 'loss', maxPoints: 500 }).update(points, points.length);
    expect(rows.length).toBeLessThanOrEqual(500);
    expect(rows.length).toBeGreaterThan(200);
    expect(rows[0].step).toBe(1);
    expect(rows[rows.length - 1].step).toBe(10_000);
    for (let k = 1; k < rows.length; k++) expect(rows[k].step).toBeGreaterThan(rows[k - 1].step);
    expect(rows.map((r) => r.step)).toContain(4322); // the spike
    expect(rows.map((r) => r.step)).toContain(778); // the dip
  });

  it('gives the same rows fed in pieces as fed at once, and smooths like the whole-series EMA', () => {
    const points = wave(7_000);
    const once = new CurveDownsampler({ key: 'loss', maxPoints: 100, smoothing: 0.9 }).update(points, points.length);
    const pieces = new CurveDownsampler({ key: 'loss', maxPoints: 100, smoothing: 0.9 });
    for (let n = 0; n < points.length; n += 37) pieces.update(points, n);
    expect(pieces.update(points, points.length)).toEqual(once);
    const smooth = naiveEma(
      points.map((p) => p.loss),
      0.9,
    );
    once.forEach((r) => expect(r.smooth).toBeCloseTo(smooth[r.step - 1], 9));
  });

  it('buckets by the smoothed value when asked, and skips missing metric values', () => {
    const points = Array.from({ length: 2000 }, (_, i) => point(i + 1, 5 / (i + 1), i % 2 ? 0.5 : undefined));
    const acc = new CurveDownsampler({ key: 'metric:accuracy', maxPoints: 100 }).update(points, points.length);
    expect(acc.length).toBeGreaterThan(0);
    expect(acc.every((r) => r.value === 0.5 && r.smooth === undefined)).toBe(true);
    const bySmooth = new CurveDownsampler({ key: 'loss', maxPoints: 100, smoothing: 0.9, by: 'smooth' }).update(points, points.length);
    expect(bySmooth.length).toBeLessThanOrEqual(100);
    expect(Math.min(...bySmooth.map((r) => r.smooth!))).toBe(
      Math.min(
        ...naiveEma(
          points.map((p) => p.loss),
          0.9,
        ),
      ),
    );
  });
});

describe('downsampled', () => {
  it('reuses the work on a growing array and starts over on a shorter count', () => {
    const points = wave(3_000);
    const grown = points.slice(0, 1000);
    const o = { key: 'loss', maxPoints: 200, smoothing: 0.9 } as const;
    expect(downsampled(grown, 1000, o)).toEqual(new CurveDownsampler(o).update(points, 1000));
    grown.push(...points.slice(1000));
    expect(downsampled(grown, 3000, o)).toEqual(new CurveDownsampler(o).update(points, 3000));
    expect(downsampled(grown, 10, o)).toEqual(new CurveDownsampler(o).update(points, 10));
    expect(downsampled(grown, 50_000, { key: 'lr', maxPoints: 20_000 })).toHaveLength(3000); // never past the array
  });

  it("charts a text run's loss-only points: the loss as an image run's, no learning rate or metric", () => {
    const points = [point(10, 3), point(20, 1)];
    const lossOnly = points.map(({ step, loss }) => ({ step, loss }));
    const o = { key: 'loss', maxPoints: 10, smoothing: 0.9 } as const;
    expect(downsampled(lossOnly, 2, o)).toEqual(downsampled(points, 2, o));
    expect(downsampled(lossOnly, 2, { key: 'lr', maxPoints: 10 })).toEqual([]);
    expect(downsampled(lossOnly, 2, { key: 'metric:accuracy', maxPoints: 10 })).toEqual([]);
  });
});
