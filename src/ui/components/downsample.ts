import type { CurvePoint, LossPoint } from '../../core/train/types';

/** One display row of a curve chart: the raw value and, for smoothed series, its EMA. */
export interface ChartRow {
  step: number;
  value: number;
  smooth?: number;
}

/** Which number of a curve point a chart shows: the loss, the learning rate, or a metric by name. */
export type CurveKey = 'loss' | 'lr' | `metric:${string}`;

/** What a chart reads: an image run's curve point, or a text run's loss-only one (its other keys read NaN). */
export type ChartPoint = LossPoint & Partial<CurvePoint>;

export function curveValue(p: ChartPoint, key: CurveKey): number {
  if (key === 'loss') return p.loss;
  if (key === 'lr') return p.lr ?? NaN;
  return p.metrics?.[key.slice('metric:'.length)] ?? NaN;
}

export interface DownsampleOptions {
  key: CurveKey;
  maxPoints: number;
  smoothing?: number; // EMA weight (debiased, TensorBoard-style); absent: no smoothed twin
  by?: 'value' | 'smooth'; // which number the buckets keep the extremes of (default: the raw value)
}

interface Bucket {
  min: ChartRow | null;
  max: ChartRow | null;
}

/**
 * A growing curve bucketed to ≤ maxPoints rows, incrementally: buckets hold a power-of-two number of raw
 * points, so a finished bucket never changes (when there are too many, neighbours merge pairwise). Each
 * update costs the new points plus the rows drawn, not the whole run. Rows keep the first and last finite
 * points and the minimum and maximum of every bucket, in step order.
 */
export class CurveDownsampler {
  private consumed = 0;
  private size = 1; // raw points per bucket
  private done: Bucket[] = [];
  private open: Bucket = { min: null, max: null };
  private inOpen = 0;
  private first: ChartRow | null = null;
  private last: ChartRow | null = null;
  private acc = 0; // EMA state
  private seen = 0;
  private readonly maxBuckets: number; // even, so a merge pairs every bucket

  constructor(private readonly o: DownsampleOptions) {
    this.maxBuckets = Math.max(2, 2 * Math.floor((o.maxPoints - 4) / 4));
  }

  /** Rows for the first `count` points of `points` (which only ever grows). */
  update(points: readonly ChartPoint[], count: number): ChartRow[] {
    for (; this.consumed < count; this.consumed++) this.add(points[this.consumed]);
    return this.rows();
  }

  private add(p: ChartPoint): void {
    const value = curveValue(p, this.o.key);
    const w = this.o.smoothing;
    if (w !== undefined && Number.isFinite(value)) {
      this.acc = w * this.acc + (1 - w) * value;
      this.seen++;
    }
    const row: ChartRow =
      w === undefined ? { step: p.step, value } : { step: p.step, value, smooth: this.seen ? this.acc / (1 - w ** this.seen) : NaN };
    const v = this.of(row);
    if (Number.isFinite(v) && Number.isFinite(value)) {
      this.first ??= row;
      this.last = row;
      if (!this.open.min || v < this.of(this.open.min)) this.open.min = row;
      if (!this.open.max || v > this.of(this.open.max)) this.open.max = row;
    }
    if (++this.inOpen < this.size) return;
    this.done.push(this.open);
    this.open = { min: null, max: null };
    this.inOpen = 0;
    if (this.done.length < this.maxBuckets) return;
    const merged: Bucket[] = [];
    for (let i = 0; i < this.done.length; i += 2) merged.push(this.merge(this.done[i], this.done[i + 1]));
    this.done = merged;
    this.size *= 2;
  }

  private merge(a: Bucket, b: Bucket): Bucket {
    const pick = (x: ChartRow | null, y: ChartRow | null, lower: boolean) =>
      !x ? y : !y ? x : (lower ? this.of(y) < this.of(x) : this.of(y) > this.of(x)) ? y : x;
    return { min: pick(a.min, b.min, true), max: pick(a.max, b.max, false) };
  }

  private of(r: ChartRow): number {
    return this.o.by === 'smooth' ? (r.smooth ?? NaN) : r.value;
  }

  private rows(): ChartRow[] {
    const out: ChartRow[] = [];
    const push = (r: ChartRow | null) => {
      if (r && r !== out[out.length - 1] && (out.length === 0 || r.step > out[out.length - 1].step)) out.push(r);
    };
    push(this.first);
    for (const b of [...this.done, this.open]) {
      const [lo, hi] = b.min && b.max && b.max.step < b.min.step ? [b.max, b.min] : [b.min, b.max];
      push(lo);
      push(hi);
    }
    push(this.last);
    return out;
  }
}

// Downsamplers per curve array (a truncated curve is a new array) and per chart.
const cache = new WeakMap<readonly ChartPoint[], Map<string, { d: CurveDownsampler; count: number }>>();

/** Rows of the first `count` points of a growing curve, reusing the work of earlier calls on the same array. */
export function downsampled(points: readonly ChartPoint[], count: number, o: DownsampleOptions): ChartRow[] {
  let perChart = cache.get(points);
  if (!perChart) cache.set(points, (perChart = new Map()));
  const id = `${o.key}|${o.maxPoints}|${o.smoothing}|${o.by}`;
  let entry = perChart.get(id);
  if (!entry || Math.min(count, points.length) < entry.count) perChart.set(id, (entry = { d: new CurveDownsampler(o), count: 0 }));
  entry.count = Math.min(count, points.length);
  return entry.d.update(points, entry.count);
}
