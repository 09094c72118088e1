import { describe, expect, it } from 'vitest';
import type { CurvePoint, RunEvaluation } from '../../../core/train/types';
import { allLabelsX, bestPoint, latestSweep, normalizedLoss, probeCurve, sweepEstimate, sweepXY, trainPerClass } from './compareData';

const curve = (losses: number[]): CurvePoint[] => losses.map((loss, i) => ({ step: i + 1, loss, lr: 0.001, metrics: {} }));

const evaluation = (step: number, over: Partial<RunEvaluation> = {}): RunEvaluation => ({
  runId: 'r-1',
  step,
  probe: { accuracy: step / 100, perClass: [], confusion: [], correct: new Uint8Array(0) },
  knn: { accuracy: step / 200, perClass: [], confusion: [], correct: new Uint8Array(0), k: 20 },
  reason: null,
  projection: { indices: new Int32Array(0), points: new Float32Array(0) },
  ...over,
});

describe('normalizedLoss', () => {
  it('divides by the mean of the first points, so runs on different scales start near 1', () => {
    const big = normalizedLoss(curve(Array.from({ length: 50 }, (_, i) => 100 / (1 + i / 10))), 50, 300);
    const small = normalizedLoss(curve(Array.from({ length: 50 }, (_, i) => 1 / (1 + i / 10))), 50, 300);
    expect(big[0].y).toBeGreaterThan(0.9);
    expect(big[0].y).toBeLessThan(1.2);
    big.forEach((p, i) => expect(p.y).toBeCloseTo(small[i].y, 6));
    expect(big[big.length - 1].y).toBeLessThan(0.5);
  });

  it('keeps at most maxPoints points, only the first `count`, with steps as x', () => {
    const points = curve(Array.from({ length: 5000 }, (_, i) => 2 + Math.sin(i)));
    const rows = normalizedLoss(points, 4000, 300);
    expect(rows.length).toBeLessThanOrEqual(300);
    expect(rows[0].x).toBe(1);
    expect(rows[rows.length - 1].x).toBe(4000);
  });

  it('falls back to the raw loss when the start is not positive', () => {
    const rows = normalizedLoss(curve([-2, -2, -2]), 3, 300);
    rows.forEach((r) => expect(r.y).toBeCloseTo(-2, 9));
    expect(rows).toHaveLength(3);
  });
});

describe('sweeps', () => {
  const sweep = [
    { perClass: 1, accuracy: 0.2 },
    { perClass: 40, accuracy: 0.5 },
    { perClass: 'all' as const, accuracy: 0.45 },
  ];

  it('latestSweep takes the newest evaluation that has one', () => {
    expect(latestSweep(undefined)).toBeNull();
    expect(latestSweep([evaluation(10, { sweep }), evaluation(20)])).toBe(sweep);
    expect(latestSweep([evaluation(10)])).toBeNull();
  });

  it('bestPoint picks the highest accuracy with its budget', () => {
    expect(bestPoint(sweep)).toEqual({ perClass: 40, accuracy: 0.5 });
    expect(bestPoint(null)).toBeNull();
  });

  it('"all" sits at the per-class train count, or past the largest budget', () => {
    expect(trainPerClass([200, 200, 200, 200, 200, 200, 200, 200, 200, 200], 2000, 1600)).toBe(160);
    expect(trainPerClass([], 10, 8)).toBe(0);
    expect(allLabelsX(160, [1, 4, 10, 40])).toBe(160);
    expect(allLabelsX(6, [1, 4, 10, 40])).toBe(80);
    expect(sweepXY(sweep, 160).map((p) => p.x)).toEqual([1, 40, 160]);
  });

  it('gives each sweep point its 95 % Wilson interval where its per-image results are kept, none where not', () => {
    const correct = Uint8Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : 0));
    const [kept, old] = sweepXY(
      [
        { perClass: 4, accuracy: 0.5, correct },
        { perClass: 'all', accuracy: 0.6 },
      ],
      160,
    );
    expect(kept.low).toBeCloseTo(0.4038, 4); // Wilson, 50 of 100
    expect(kept.high).toBeCloseTo(0.5962, 4);
    expect(old).toEqual({ x: 160, y: 0.6 });
    expect(sweepEstimate({ perClass: 'all', accuracy: 0.6 })).toMatchObject({ perClass: 'all', n: 0, low: 0, high: 1 });
  });
});

describe('probeCurve', () => {
  it('lists probe and kNN accuracy per evaluated step, skipping unlabelled evaluations', () => {
    const rows = probeCurve([evaluation(10), evaluation(20, { probe: null, knn: null, reason: 'no labels' }), evaluation(30)]);
    expect(rows).toEqual([
      { step: 10, probe: 0.1, knn: 0.05 },
      { step: 30, probe: 0.3, knn: 0.15 },
    ]);
  });
});
