import { describe, expect, it } from 'vitest';
import { binomialTwoSided, bootstrapRatio, holm, mcnemar, meanSd, resolution, wilson } from './stats';

describe('wilson', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", table I, method 3 (score)
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → [%f, %f]', (k, n, low, high) => {
    const ci = wilson(k, n);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('is [0, 1] without test images and narrows as they grow', () => {
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    expect(resolution(49)).toBeGreaterThan(0.13);
    expect(resolution(49)).toBeLessThan(0.14);
    expect(resolution(400)).toBeLessThan(resolution(49) / 2.5);
  });
});

describe('paired test', () => {
  it('matches the exact binomial test', () => {
    // R: binom.test(1, 10)$p.value = 0.02148438; binom.test(2, 10) = 0.109375; binom.test(0, 6) = 0.03125
    expect(binomialTwoSided(1, 10)).toBeCloseTo(0.02148438, 7);
    expect(binomialTwoSided(9, 10)).toBeCloseTo(0.02148438, 7);
    expect(binomialTwoSided(2, 10)).toBeCloseTo(0.109375, 7);
    expect(binomialTwoSided(0, 6)).toBeCloseTo(0.03125, 7);
    expect(binomialTwoSided(5, 10)).toBe(1);
    // exact sums of binomial coefficients (Python's math.comb), through the Stirling branch above 255
    expect(binomialTwoSided(230, 400)).toBeCloseTo(0.0031290161268145, 10);
    expect(binomialTwoSided(260, 600)).toBeCloseTo(0.0012405061912254, 10);
  });

  it('counts only the images the two classifiers disagree on', () => {
    const a = [1, 1, 1, 1, 1, 1, 1, 0, 0, 1];
    const b = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    const t = mcnemar([[a, b]]);
    expect(t).toMatchObject({ n: 10, aOnly: 7, bOnly: 1 });
    expect(t.difference).toBeCloseTo(0.6);
    expect(t.p).toBeCloseTo(binomialTwoSided(7, 8), 12); // 0.0703: 6 points on 10 images is not yet a finding
    expect(t.p).toBeGreaterThan(0.05);
  });

  it('pools seeds and refuses different test sets', () => {
    const a = [1, 1, 1, 0];
    const b = [0, 0, 1, 0];
    expect(
      mcnemar([
        [a, b],
        [a, b],
        [a, b],
      ]),
    ).toMatchObject({ n: 12, aOnly: 6, bOnly: 0 });
    expect(
      mcnemar([
        [a, b],
        [a, b],
        [a, b],
      ]).p,
    ).toBeCloseTo(0.03125, 7);
    expect(() => mcnemar([[a, [1, 0]]])).toThrow(/same test images/);
  });
});

describe('holm', () => {
  it('adjusts step-down and keeps the order', () => {
    const out = holm([0.01, 0.04, 0.03]);
    expect(out[0]).toBeCloseTo(0.03);
    expect(out[1]).toBeCloseTo(0.06);
    expect(out[2]).toBeCloseTo(0.06);
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
  });
});

describe('meanSd', () => {
  it('gives the sample standard deviation', () => {
    const s = meanSd([0.4, 0.42, 0.44]);
    expect(s.mean).toBeCloseTo(0.42);
    expect(s.sd).toBeCloseTo(0.02);
    expect(meanSd([0.5]).sd).toBe(0);
  });
});

describe('bootstrapRatio', () => {
  it('matches the normal interval of a mean: 200 of 400 ones → 0.5 ± 1.96·√(0.25/400)', () => {
    const num = Float64Array.from({ length: 400 }, (_, i) => i % 2);
    const ci = bootstrapRatio(num, new Float64Array(400).fill(1), { resamples: 2000, seed: 3 });
    const half = 1.96 * Math.sqrt(0.25 / 400);
    expect(ci.low).toBeCloseTo(0.5 - half, 2);
    expect(ci.high).toBeCloseTo(0.5 + half, 2);
  });

  it('weights items by their denominators, is seeded, and collapses when every item has the same ratio', () => {
    const den = [1, 5, 20, 3];
    expect(
      bootstrapRatio(
        den.map((d) => 2 * d),
        den,
      ),
    ).toEqual({ low: 2, high: 2 });
    const num = [3, 1, 40, 2];
    expect(bootstrapRatio(num, den, { seed: 7 })).toEqual(bootstrapRatio(num, den, { seed: 7 }));
    const ci = bootstrapRatio(num, den, { seed: 7 });
    expect(ci.low).toBeLessThan(46 / 29);
    expect(ci.high).toBeGreaterThan(46 / 29);
    expect(() => bootstrapRatio([1], [1, 2])).toThrow(/one denominator per item/);
  });
});
