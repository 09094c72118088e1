import { describe, expect, it } from 'vitest';
import type { LossPoint } from '../../core/train/types';
import { withTextPoint } from './textCurve';

describe("a text run's loss curve", () => {
  it('adds a point per new step with a loss, in place; no loss, a repeated or an earlier step adds nothing', () => {
    const curve: LossPoint[] = [];
    expect(withTextPoint(curve, { step: 0, loss: null })).toBe(curve); // the first status: no loss yet
    withTextPoint(curve, { step: 10, loss: 7.5 });
    withTextPoint(curve, { step: 20, loss: 6.9 });
    expect(withTextPoint(curve, { step: 20, loss: 6.9 })).toBe(curve); // evaluating, then done: the same step again
    withTextPoint(curve, { step: 15, loss: 1 });
    withTextPoint(curve, { step: 30, loss: NaN });
    expect(curve).toEqual([
      { step: 10, loss: 7.5 },
      { step: 20, loss: 6.9 },
    ]);
  });

  it('stays bounded: at the limit it is bucketed into a new array keeping its ends, its lowest and highest loss', () => {
    let curve: LossPoint[] = [];
    const loss = (step: number) => (step === 370 ? 0.5 : step === 530 ? 9 : 5 - step / 1000);
    for (let step = 10; step <= 1000; step += 10) curve = withTextPoint(curve, { step, loss: loss(step) }, 40);
    expect(curve.length).toBeLessThanOrEqual(40);
    expect(curve.length).toBeGreaterThan(10);
    expect(curve[0]).toEqual({ step: 10, loss: loss(10) });
    expect(curve.at(-1)).toEqual({ step: 1000, loss: loss(1000) });
    expect(curve).toContainEqual({ step: 370, loss: 0.5 });
    expect(curve).toContainEqual({ step: 530, loss: 9 });
    expect(curve.map((p) => p.step)).toEqual([...curve.map((p) => p.step)].sort((a, b) => a - b));

    const full = Array.from({ length: 40 }, (_, i) => ({ step: i + 1, loss: 40 - i }));
    const next = withTextPoint(full, { step: 41, loss: 0 }, 40);
    expect(next).not.toBe(full); // a new array: the charts' cached buckets of the old one start over
    expect(full).toHaveLength(40);
    expect(next.length).toBeLessThanOrEqual(21);
    expect(next.at(-1)).toEqual({ step: 41, loss: 0 });
  });
});
