import { describe, expect, it } from 'vitest';
import type { CurvePoint } from '../../core/train/types';
import { chartRows, ema, minMaxIndices } from './downsample';

const point = (step: number, loss: number, acc?: number): CurvePoint => ({ step, loss, lr: 0.01 / step, metrics: acc === undefined ? {} : { accuracy: acc } });

describe('minMaxIndices', () => {
  it('keeps every index of a short series', () => {
    expect(minMaxIndices([3, 1, 2], 10)).toEqual([0, 1, 2]);
  });

  it('keeps at most maxPoints indices, in order, including the first, last and every extreme', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50) + (i === 4321 ? 9 : 0) - (i === 777 ? 9 : 0));
    const idx = minMaxIndices(values, 500);
    expect(idx.length).toBeLessThanOrEqual(500);
    expect(idx.length).toBeGreaterThan(400);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(9999);
    for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
    expect(idx).toContain(4321);
    expect(idx).toContain(777);
  });

  it('skips buckets that hold only NaN', () => {
    const values = [1, NaN, NaN, NaN, NaN, NaN, NaN, NaN, 2, 3, 4, 5];
    const idx = minMaxIndices(values, 6);
    expect(idx.every((i) => i === 0 || i === values.length - 1 || Number.isFinite(values[i]))).toBe(true);
  });
});

describe('ema', () => {
  it('is debiased: a constant series stays constant from the first point', () => {
    expect(ema([2, 2, 2, 2], 0.9).every((v) => Math.abs(v - 2) < 1e-12)).toBe(true);
  });

  it('lags behind a step and carries NaN gaps', () => {
    const s = ema([0, 0, NaN, 10, 10], 0.5);
    expect(s[2]).toBe(s[1]);
    expect(s[3]).toBeGreaterThan(0);
    expect(s[3]).toBeLessThan(10);
    expect(s[4]).toBeGreaterThan(s[3]);
  });
});

describe('chartRows', () => {
  it('downsamples loss with its smoothed twin, and metrics by name, dropping missing values', () => {
    const points = Array.from({ length: 2000 }, (_, i) => point(i + 1, 5 / (i + 1), i % 2 ? 0.5 : undefined));
    const loss = chartRows(points, points.length, 'loss', 100, 0.9);
    expect(loss.length).toBeLessThanOrEqual(100);
    expect(loss[0]).toMatchObject({ step: 1, value: 5 });
    expect(loss.every((r) => r.smooth !== undefined && Number.isFinite(r.smooth))).toBe(true);
    const acc = chartRows(points, points.length, 'metric:accuracy', 100);
    expect(acc.length).toBeGreaterThan(0);
    expect(acc.every((r) => r.value === 0.5 && r.smooth === undefined)).toBe(true);
    expect(chartRows(points, points.length, 'lr', 2000).map((r) => r.value)).toEqual(points.map((p) => p.lr));
    expect(chartRows(points, 10, 'lr', 2000)).toHaveLength(10);
  });
});
