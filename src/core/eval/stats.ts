import { Rng } from '../rng';

/**
 * How sure a figure is: intervals for an accuracy, a paired test between two classifiers scored on the same test
 * images, and the spread over seeds. Plain functions on numbers; the verdict and the compare view read them.
 */

/** z of a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** The level every claim is made at. */
export const SIGNIFICANCE = 0.05;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for `correct` successes in `n` trials (95 % by default). Unlike the normal approximation
 * it stays inside [0, 1] and is honest at small n and at accuracies near 0 or 1. n = 0 gives [0, 1].
 */
export function wilson(correct: number, n: number, z = Z95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = correct / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Half the width of the 95 % interval of an accuracy near 50 % on n test images: what n images can resolve. */
export function resolution(n: number): number {
  const { low, high } = wilson(n / 2, n);
  return (high - low) / 2;
}

/** ln(k!) by summation below 256 (exact enough), Stirling's series above. */
function logFactorial(k: number): number {
  if (k < 256) {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  }
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k ** 3);
}

/** Two-sided exact binomial test of k successes in n trials at p = ½: the probability of an outcome as far from n/2. */
export function binomialTwoSided(k: number, n: number): number {
  if (n === 0) return 1;
  const tail = Math.min(k, n - k);
  const logHalfN = -n * Math.LN2;
  const lnN = logFactorial(n);
  let p = 0;
  for (let i = 0; i <= tail; i++) p += Math.exp(lnN - logFactorial(i) - logFactorial(n - i) + logHalfN);
  return Math.min(1, 2 * p);
}

/** The outcome of a paired comparison of classifier A against B on the same test images. */
export interface PairedTest {
  n: number; // test images both were scored on
  aOnly: number; // images A got right and B wrong
  bOnly: number; // images B got right and A wrong
  difference: number; // accuracy of A minus accuracy of B
  p: number; // exact McNemar p-value (two-sided)
}

/**
 * Exact McNemar test: only the images where the two classifiers disagree carry information; under "no difference"
 * each of them is equally likely to favour either, so aOnly ~ Binomial(aOnly + bOnly, ½). `a` and `b` hold 1 where
 * the classifier was right, image by image, in the same order. Several pairs (one per seed) pool their counts.
 */
export function mcnemar(pairs: readonly (readonly [ArrayLike<number>, ArrayLike<number>])[]): PairedTest {
  let n = 0;
  let aOnly = 0;
  let bOnly = 0;
  for (const [a, b] of pairs) {
    if (a.length !== b.length) throw new Error(`A paired test needs the same test images: ${a.length} against ${b.length}.`);
    n += a.length;
    for (let i = 0; i < a.length; i++) {
      if (a[i] && !b[i]) aOnly++;
      else if (b[i] && !a[i]) bOnly++;
    }
  }
  return { n, aOnly, bOnly, difference: n ? (aOnly - bOnly) / n : 0, p: binomialTwoSided(aOnly, aOnly + bOnly) };
}

/**
 * Holm's step-down adjustment of a family of p-values (the verdict makes several claims at once; each alone at 5 %
 * would together claim a chance win far more often). Returns the adjusted p-values in the input order.
 */
export function holm(ps: readonly number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const out = new Array<number>(ps.length);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (ps.length - rank) * p));
    out[i] = running;
  });
  return out;
}

/** Mean and sample standard deviation (0 for a single value). */
export function meanSd(xs: readonly number[]): { mean: number; sd: number; n: number } {
  const n = xs.length;
  if (n === 0) return { mean: NaN, sd: NaN, n };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

/**
 * Percentile bootstrap 95 % interval of the ratio Σnum / Σden over items (e.g. a held-out text's summed NLL over its
 * word count: the mean NLL per word). Resamples whole items with replacement, `resamples` times, from a seeded
 * generator, so the same inputs always give the same interval. No items gives [NaN, NaN].
 */
export function bootstrapRatio(
  num: ArrayLike<number>,
  den: ArrayLike<number>,
  { resamples = 1000, seed = 1 }: { resamples?: number; seed?: number } = {},
): Interval {
  const n = num.length;
  if (den.length !== n) throw new Error(`A bootstrap needs one denominator per item: ${n} against ${den.length}.`);
  if (n === 0) return { low: NaN, high: NaN };
  const rng = new Rng(seed);
  const ratios = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let s = 0;
    let d = 0;
    for (let i = 0; i < n; i++) {
      const k = rng.int(n);
      s += num[k];
      d += den[k];
    }
    ratios[b] = s / d;
  }
  ratios.sort();
  const at = (q: number) => ratios[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))];
  return { low: at(0.025), high: at(0.975) };
}
