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
