import { describe, expect, it } from 'vitest';
import { Rng } from '../../rng';
import { allPermutations, hamming, maxHammingPermutations, minPairwiseHamming } from './permutations';

const isPermutation = (p: number[]) => [...p].sort((a, b) => a - b).join() === '0,1,2,3,4,5,6,7,8';

describe('permutations', () => {
  it('enumerates all n! permutations once each', () => {
    const all = allPermutations(4);
    const rows = new Set<string>();
    for (let p = 0; p < all.length / 4; p++) rows.add(Array.from(all.subarray(p * 4, p * 4 + 4)).join());
    expect(all.length / 4).toBe(24);
    expect(rows.size).toBe(24);
  });

  it('chooses the requested number of distinct permutations, far apart', () => {
    const size = 100;
    const set = maxHammingPermutations(size, 7);
    expect(set).toHaveLength(size);
    expect(set.every(isPermutation)).toBe(true);
    expect(new Set(set.map((p) => p.join())).size).toBe(size);
    // a random set of the same size, for comparison
    const rng = new Rng(7);
    const randomSet = Array.from({ length: size }, () => rng.shuffle(Array.from({ length: 9 }, (_, i) => i)) as number[]);
    const chosenMin = minPairwiseHamming(set);
    expect(chosenMin).toBeGreaterThan(minPairwiseHamming(randomSet));
    expect(chosenMin).toBeGreaterThanOrEqual(5);
  });

  it('is reproducible from its seed and depends on it', () => {
    const a = maxHammingPermutations(20, 3);
    expect(maxHammingPermutations(20, 3)).toEqual(a);
    expect(maxHammingPermutations(20, 4)).not.toEqual(a);
  });

  it('measures Hamming distance position by position', () => {
    expect(hamming([0, 1, 2], [0, 2, 1])).toBe(2);
    expect(hamming([0, 1, 2], [0, 1, 2])).toBe(0);
  });
});
