/** Tick values and number formats for every chart (the SVG LineChart and the Recharts plots alike). */

/** About `count` round tick values (1, 2 or 5 × 10^k apart) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const err = raw / mag; // in [1, 10): round to the nearest of 1, 2, 5, 10 on a log scale (as d3 does)
  const step = mag * (err >= Math.sqrt(50) ? 10 : err >= Math.sqrt(10) ? 5 : err >= Math.sqrt(2) ? 2 : 1);
  const out: number[] = [];
  // integer multiples of the step (adding the step to a much larger value could leave it unchanged), a few at most
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.min(Math.floor(max / step + 1e-9), first + 4 * count);
  for (let k = first; k <= last; k++) out.push(k === 0 ? 0 : k * step);
  return out;
}

/** [min, max] of the finite values, widened a little (a nearly flat line: around its value); null when none. */
export function extent(values: Iterable<number>, pad = 0.05): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return null;
  const span = hi - lo > Math.abs(hi) * 1e-6 ? hi - lo : Math.abs(hi) || 1; // a (nearly) flat line gets a readable range
  return [lo - span * pad, hi + span * pad];
}

/** Index of the point whose x is nearest `x` in a series sorted by x (binary search); -1 when empty. */
export function nearestIndex(xs: readonly { x: number }[], x: number): number {
  if (xs.length === 0) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid].x < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[lo].x - x) <= Math.abs(xs[hi].x - x) ? lo : hi;
}

/** An SVG path through the points; a non-finite y breaks the line. */
export function linePath(points: readonly { x: number; y: number }[], sx: (x: number) => number, sy: (y: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx(p.x).toFixed(1)} ${sy(p.y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Ticks for a y axis that starts at 0 and covers `max`, with the axis top (the last tick, or max when above it). */
export function ticksFrom0(max: number, count = 5): { ticks: number[]; top: number } {
  const ticks = niceTicks(0, Number.isFinite(max) && max > 0 ? max : 1, count);
  return { ticks, top: Math.max(max, ticks.at(-1) ?? 1) };
}

/** Integer ticks for a step axis over [min, max], about one per 70 px of `width`. */
export function stepTicks(min: number, max: number, width: number): number[] {
  return niceTicks(min, max, Math.max(2, Math.floor(width / 70))).filter((t) => Number.isInteger(t));
}

/** The axes a plot draws: x domain and ticks, y from 0 with shared nice ticks. */
export interface PlotAxes {
  x: { domain: [number, number]; ticks: number[]; log: boolean };
  y: { domain: [number, number]; ticks: number[] };
}

/** A comparison plot's axes from its data, by the LineChart's rules: nice y ticks from 0, integer step ticks (or the given log ticks). */
export function plotAxes(
  series: readonly { points: readonly { x: number; y: number; low?: number; high?: number }[] }[],
  xLog?: { ticks: number[]; max: number },
  width = 420,
): PlotAxes {
  const ys = extent(
    series.flatMap((s) => s.points.map((p) => Math.max(p.y, p.high ?? p.y))),
    0,
  ); // an error bar stays inside
  const y = ticksFrom0(ys?.[1] ?? 1);
  if (xLog) return { x: { domain: [1, xLog.max], ticks: xLog.ticks, log: true }, y: { domain: [0, y.top], ticks: y.ticks } };
  const xs = extent(
    series.flatMap((s) => s.points.map((p) => p.x)),
    0,
  ) ?? [0, 1];
  return { x: { domain: xs, ticks: stepTicks(xs[0], xs[1], width), log: false }, y: { domain: [0, y.top], ticks: y.ticks } };
}

/** Steps on the x axis: 12k rather than 12000. */
export const formatStep = (v: number) => (Math.abs(v) >= 10_000 ? `${+(v / 1000).toFixed(1)}k` : String(Math.round(v)));

/** An accuracy in [0, 1] as a percentage; "—" for none. */
export const pct = (v: number | null, digits = 1) => (v === null || !Number.isFinite(v) ? '—' : `${(100 * v).toFixed(digits)}%`);
