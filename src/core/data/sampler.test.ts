import { describe, expect, it } from 'vitest';
import { BatchSampler } from './sampler';

const POOL = Int32Array.from([3, 8, 11, 15, 20, 21, 30, 42, 57, 64]);

const draw = (sampler: BatchSampler, batches: number) => Array.from({ length: batches }, () => sampler.next());

describe('BatchSampler', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = draw(new BatchSampler(POOL, 4, 11), 6);
    expect(draw(new BatchSampler(POOL, 4, 11), 6)).toEqual(a);
    expect(draw(new BatchSampler(POOL, 4, 12), 6)).not.toEqual(a);
  });

  it('gives fixed-size batches that walk the whole pool once per epoch, even across batch boundaries', () => {
    const batches = draw(new BatchSampler(POOL, 4, 3), 10); // 40 draws = 4 epochs of 10
    batches.forEach((b) => expect(b.length).toBe(4));
    const stream = batches.flatMap((b) => Array.from(b));
    const epochs = [0, 1, 2, 3].map((e) => stream.slice(e * POOL.length, (e + 1) * POOL.length));
    epochs.forEach((epoch) => expect([...epoch].sort((x, y) => x - y)).toEqual(Array.from(POOL)));
    expect(epochs[1]).not.toEqual(epochs[0]); // reshuffled between epochs
  });

  it('rejects an empty pool', () => {
    expect(() => new BatchSampler(new Int32Array(0), 4, 1)).toThrow(/empty/);
  });
});
