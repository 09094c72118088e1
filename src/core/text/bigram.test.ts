import { describe, expect, it } from 'vitest';
import { Bigram } from './bigram';

describe('Bigram', () => {
  const model = new Bigram([Int32Array.of(3, 4, 5, 4, 5), Int32Array.of(3, 4, 5, 0, 0)], 6);
  it('is a distribution for every context, seen or not', () => {
    for (const prev of [3, 4, 5, 1]) {
      let total = 0;
      for (let next = 0; next < 6; next++) total += model.prob(prev, next);
      expect(total).toBeCloseTo(1, 6);
    }
  });
  it('prefers seen pairs and scores windows, skipping pads', () => {
    expect(model.prob(4, 5)).toBeGreaterThan(model.prob(4, 3));
    const { nll, count } = model.nll(Int32Array.of(3, 4, 5, 0), 4);
    expect(count).toBe(2);
    expect(nll).toBeCloseTo(-(Math.log(model.prob(3, 4)) + Math.log(model.prob(4, 5))) / 2, 6);
  });
});
