import type { CurvePoint } from '../../core/train/types';

/** One display row of a curve chart: the raw value and, for smoothed series, its EMA. */
export interface ChartRow {
  step: number;
  value: number;
  smooth?: number;
}

/** Which number of a curve point a chart shows: the loss, the learning rate, or a metric by name. */
export type CurveKey = 'loss' | 'lr' | `metric:${string}`;

export function curveValue(p: CurvePoint, key: CurveKey): number {
  if (key === 'loss') return p.loss;
  if (key === 'lr') return p.lr;
  return p.metrics[key.slice('metric:'.length)] ?? NaN;
}

/** Debiased exponential moving average (TensorBoard-style smoothing); NaN values are carried through. */
export function ema(values: readonly number[], weight: number): number[] {
  const out = new Array<number>(values.length);
  let acc = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      acc = weight * acc + (1 - weight) * v;
      n++;
    }
    out[i] = n === 0 ? NaN : acc / (1 - weight ** n);
  }
  return out;
}

/**
 * Indices that keep the shape of a long series in at most `maxPoints` points: the first and last
 * index, and the minimum and maximum of each of the equal-width buckets in between, in order.
 */
export function minMaxIndices(values: readonly number[], maxPoints: number): number[] {
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const inner = n - 2;
  const out = [0];
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * inner) / buckets);
    const hi = 1 + Math.floor(((b + 1) * inner) / buckets);
    let min = -1;
    let max = -1;
    for (let i = lo; i < hi; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (min < 0 || v < values[min]) min = i;
      if (max < 0 || v > values[max]) max = i;
    }
    if (min < 0) continue;
    out.push(Math.min(min, max));
    if (max !== min) out.push(Math.max(min, max));
  }
  out.push(n - 1);
  return out;
}

/** Display rows for the first `count` points (the curve array grows in place): raw values, optionally with their EMA, bucketed to ≤ maxPoints. */
export function chartRows(points: readonly CurvePoint[], count: number, key: CurveKey, maxPoints: number, smoothing?: number): ChartRow[] {
  const values = points.slice(0, count).map((p) => curveValue(p, key));
  const smooth = smoothing === undefined ? null : ema(values, smoothing);
  return minMaxIndices(values, maxPoints)
    .filter((i) => Number.isFinite(values[i]))
    .map((i) => (smooth ? { step: points[i].step, value: values[i], smooth: smooth[i] } : { step: points[i].step, value: values[i] }));
}
