import { Rng } from '../../rng';

/** All n! permutations of 0..n-1 in lexicographic order, flat: row p is [p·n, p·n + n). */
export function allPermutations(n: number): Uint8Array {
  let count = 1;
  for (let i = 2; i <= n; i++) count *= i;
  const out = new Uint8Array(count * n);
  const cur = Array.from({ length: n }, (_, i) => i);
  for (let p = 0; p < count; p++) {
    out.set(cur, p * n);
    // next lexicographic permutation
    let i = n - 2;
    while (i >= 0 && cur[i] >= cur[i + 1]) i--;
    if (i < 0) break;
    let j = n - 1;
    while (cur[j] <= cur[i]) j--;
    [cur[i], cur[j]] = [cur[j], cur[i]];
    for (let a = i + 1, b = n - 1; a < b; a++, b--) [cur[a], cur[b]] = [cur[b], cur[a]];
  }
  return out;
}

export function hamming(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) d++;
  return d;
}

/** Smallest Hamming distance between any two permutations of the set. */
export function minPairwiseHamming(perms: number[][]): number {
  let min = Infinity;
  for (let i = 0; i < perms.length; i++) for (let j = i + 1; j < perms.length; j++) min = Math.min(min, hamming(perms[i], perms[j]));
  return min;
}

/** For position k and value v, the indices of the permutations with value v at k (row k·n + v). */
function positionIndex(all: Uint8Array, n: number): Uint32Array[] {
  const total = all.length / n;
  const lists = Array.from({ length: n * n }, () => new Uint32Array(total / n));
  const fill = new Uint32Array(n * n);
  for (let c = 0; c < total; c++)
    for (let k = 0; k < n; k++) {
      const row = k * n + all[c * n + k];
      lists[row][fill[row]++] = c;
    }
  return lists;
}

const tableCache = new Map<number, { all: Uint8Array; byPosition: Uint32Array[] }>();

function tables(n: number): { all: Uint8Array; byPosition: Uint32Array[] } {
  let t = tableCache.get(n);
  if (!t) {
    const all = allPermutations(n);
    t = { all, byPosition: positionIndex(all, n) };
    tableCache.set(n, t);
  }
  return t;
}

const cache = new Map<string, number[][]>();

/**
 * Noroozi & Favaro's permutation set, chosen greedily: start from a random permutation, then repeatedly
 * add the one farthest (largest minimum Hamming distance, ties by largest total distance, then by a
 * seeded scan start) from those already chosen. Far-apart permutations make the puzzle classes distinct.
 * Scans all n! candidates per pick; results are memoized per (count, seed, n).
 */
export function maxHammingPermutations(count: number, seed: number, n = 9): number[][] {
  const key = `${count}/${seed}/${n}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { all, byPosition } = tables(n);
  const total = all.length / n;
  if (count < 1 || count > total) throw new Error(`Cannot choose ${count} of the ${total} permutations of ${n}.`);
  const rng = new Rng(seed);
  // score = minDist · 2^16 + sumDist: one comparison ranks by minimum, then total distance
  const minDist = new Uint8Array(total).fill(n + 1);
  const sumDist = new Uint32Array(total);
  const matches = new Uint8Array(total);
  const chosen: number[][] = [];
  let pick = rng.int(total);
  while (chosen.length < count) {
    const p = Array.from(all.subarray(pick * n, pick * n + n));
    chosen.push(p);
    // Hamming distance = n − positions that agree; count agreements through the position index
    matches.fill(0);
    for (let k = 0; k < n; k++) for (const c of byPosition[k * n + p[k]]) matches[c]++;
    const start = rng.int(total);
    let bestScore = -1;
    for (let s = 0; s < total; s++) {
      const c = s < total - start ? start + s : s - (total - start);
      const d = n - matches[c];
      if (d < minDist[c]) minDist[c] = d;
      sumDist[c] += d;
      const score = minDist[c] * 65536 + sumDist[c];
      if (score > bestScore) {
        bestScore = score;
        pick = c;
      }
    }
  }
  cache.set(key, chosen);
  return chosen;
}
