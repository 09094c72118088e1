import { describe, expect, it } from 'vitest';
import { extent, formatStep, linePath, nearestIndex, niceTicks, pct, plotAxes, stepTicks, ticksFrom0 } from './ticks';

describe('chart ticks', () => {
  it('picks round ticks 1, 2 or 5 × 10^k apart inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => expect.closeTo(v, 12)));
    expect(niceTicks(3, 98_765, 5)).toEqual([20_000, 40_000, 60_000, 80_000]);
    const t = niceTicks(3, 98_765, 5);
    expect(t[0]).toBeGreaterThanOrEqual(3);
    expect(t[t.length - 1]).toBeLessThanOrEqual(98_765);
    const step = t[1] - t[0];
    expect([1, 2, 5, 10].some((m) => Math.abs(step / 10 ** Math.floor(Math.log10(step)) - m) < 1e-9)).toBe(true);
    t.slice(1).forEach((v, i) => expect(v - t[i]).toBeCloseTo(step, 6));
    expect(niceTicks(2, 2)).toEqual([2]);
    expect(niceTicks(NaN, 1)).toEqual([]);
    // a nearly flat learning rate: a step far below the values' precision still ends (it once looped forever)
    const flat = niceTicks(0.001 - 1e-18, 0.001 + 1e-18);
    expect(flat.length).toBeLessThanOrEqual(21);
  });

  it('pads the extent of the finite values, and widens a flat line', () => {
    expect(extent([1, NaN, 3, Infinity], 0)).toEqual([1, 3]);
    expect(extent([2, 2], 0.5)).toEqual([1, 3]);
    const [lo, hi] = extent([0.001, 0.001 + 1e-18])!;
    expect(hi - lo).toBeGreaterThan(1e-7);
    expect(extent([NaN])).toBeNull();
  });

  it('finds the nearest x by binary search', () => {
    const xs = [1, 2, 4, 8, 16].map((x) => ({ x }));
    expect(nearestIndex(xs, 0)).toBe(0);
    expect(nearestIndex(xs, 5.9)).toBe(2);
    expect(nearestIndex(xs, 6.1)).toBe(3);
    expect(nearestIndex(xs, 100)).toBe(4);
    expect(nearestIndex([], 3)).toBe(-1);
  });

  it('draws a path that breaks at missing values', () => {
    const d = linePath(
      [
        { x: 0, y: 0 },
        { x: 1, y: 1 },
        { x: 2, y: NaN },
        { x: 3, y: 3 },
      ],
      (x) => 10 * x,
      (y) => 100 - y,
    );
    expect(d).toBe('M0.0 100.0L10.0 99.0M30.0 97.0');
  });

  it('starts accuracy axes at 0 and ends them at or above the data', () => {
    expect(ticksFrom0(0.43)).toEqual({ ticks: [0, 0.1, 0.2, 0.3, 0.4].map((v) => expect.closeTo(v, 12)), top: 0.43 });
    expect(ticksFrom0(0.4).top).toBeCloseTo(0.4, 12);
    expect(ticksFrom0(NaN).ticks.at(-1)).toBe(1);
  });

  it('puts integer step ticks about every 70 px', () => {
    expect(stepTicks(0, 3, 700)).toEqual([0, 1, 2, 3]);
    expect(stepTicks(0, 1000, 140)).toEqual([0, 500, 1000]);
  });

  it('gives a comparison plot the LineChart rules, or the log ticks it is handed', () => {
    const series = [
      {
        points: [
          { x: 10, y: 0.2 },
          { x: 50, y: 0.62 },
        ],
      },
    ];
    const linear = plotAxes(series, undefined, 280);
    expect(linear.x).toEqual({ domain: [10, 50], ticks: [10, 20, 30, 40, 50], log: false });
    expect(linear.y.domain[0]).toBe(0);
    expect(linear.y.domain[1]).toBeGreaterThanOrEqual(0.62);
    expect(plotAxes(series, { ticks: [1, 4, 10, 80], max: 80 }).x).toEqual({ domain: [1, 80], ticks: [1, 4, 10, 80], log: true });
    // an error bar above the highest point stays inside the y axis
    expect(plotAxes([{ points: [{ x: 1, y: 0.62, low: 0.5, high: 0.81 }] }], undefined, 280).y.domain[1]).toBeGreaterThanOrEqual(0.81);
  });

  it('formats steps and accuracies the same way in every chart', () => {
    expect(formatStep(12_000)).toBe('12k');
    expect(formatStep(950)).toBe('950');
    expect(pct(0.4567)).toBe('45.7%');
    expect(pct(0.4567, 0)).toBe('46%');
    expect(pct(null)).toBe('—');
  });
});
