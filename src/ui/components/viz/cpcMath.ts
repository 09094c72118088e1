import type { CpcView } from '../../../core/methods/visualization';

/** The parts of a CpcView the maths needs (scores laid out [G, G, K, N]). */
export type CpcScores = Pick<CpcView, 'scores' | 'grid' | 'maxOffset' | 'imageIndex'>;

export interface Position {
  i: number; // context row
  j: number; // column
  k: number; // prediction offset, 1..K
}

export interface Candidate {
  n: number; // patch index within the batch: b·G·G + i·G + j
  probability: number;
  positive: boolean;
}

/** Number of candidate patches N (every patch of the batch). */
export function candidateCount(v: CpcScores): number {
  return v.scores.length / (v.grid * v.grid * v.maxOffset);
}

/** Whether context (i, j) has a target k rows below it inside the grid. */
export function isValid(v: Pick<CpcView, 'grid' | 'maxOffset'>, p: Position): boolean {
  const { i, j, k } = p;
  return i >= 0 && j >= 0 && j < v.grid && k >= 1 && k <= v.maxOffset && i + k < v.grid;
}

/** The N scores of the prediction made from (i, j) for row i + k. */
export function scoreRow(v: CpcScores, p: Position): Float32Array {
  const n = candidateCount(v);
  const start = ((p.i * v.grid + p.j) * v.maxOffset + (p.k - 1)) * n;
  return v.scores.subarray(start, start + n);
}

/** Index of the true target patch (i + k, j) of the shown image. */
export function positiveIndex(v: CpcScores, p: Position): number {
  return v.imageIndex * v.grid * v.grid + (p.i + p.k) * v.grid + p.j;
}

/** Numerically stable softmax: what InfoNCE turns scores into. */
export function softmax(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let n = 0; n < row.length; n++) max = Math.max(max, row[n]);
  const out = new Float64Array(row.length);
  let sum = 0;
  for (let n = 0; n < row.length; n++) sum += out[n] = Math.exp(row[n] - max);
  for (let n = 0; n < row.length; n++) out[n] /= sum;
  return out;
}

/** 1 + the number of candidates scored strictly higher than candidate `index` (ties favour it). */
export function rankOf(row: ArrayLike<number>, index: number): number {
  let higher = 0;
  for (let n = 0; n < row.length; n++) if (row[n] > row[index]) higher++;
  return higher + 1;
}

/** Everything the stepper shows for one (i, j, k); null where the target falls off the grid. */
export function analyse(v: CpcScores, p: Position, negatives: number) {
  if (!isValid(v, p)) return null;
  const row = scoreRow(v, p);
  const probs = softmax(row);
  const target = positiveIndex(v, p);
  const others = Array.from({ length: row.length }, (_, n) => n).filter((n) => n !== target);
  others.sort((a, b) => probs[b] - probs[a]);
  const candidates: Candidate[] = [target, ...others.slice(0, negatives)]
    .map((n) => ({ n, probability: probs[n], positive: n === target }))
    .sort((a, b) => b.probability - a.probability || Number(b.positive) - Number(a.positive));
  return { candidates, rank: rankOf(row, target), total: row.length, probability: probs[target] };
}

/** Per grid cell (row-major), the positive's probability for offset k; null where i + k ≥ G. */
export function heatMap(v: CpcScores, k: number): (number | null)[] {
  const cells: (number | null)[] = [];
  for (let i = 0; i < v.grid; i++)
    for (let j = 0; j < v.grid; j++) {
      const p = { i, j, k };
      cells.push(isValid(v, p) ? softmax(scoreRow(v, p))[positiveIndex(v, p)] : null);
    }
  return cells;
}

/** Move to a neighbouring position, keeping i + k inside the grid. */
export function step(v: Pick<CpcView, 'grid' | 'maxOffset'>, p: Position, di: number, dj: number, dk: number): Position {
  const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
  const k = clamp(p.k + dk, 1, Math.min(v.maxOffset, v.grid - 1));
  return { k, i: clamp(p.i + di, 0, v.grid - 1 - k), j: clamp(p.j + dj, 0, v.grid - 1) };
}

/** The sentence the stepper announces. */
export function describe(p: Position, result: { rank: number; total: number } | null): string {
  const where = `Context row ≤ ${p.i}, predicting patch (${p.i + p.k}, ${p.j}), k = ${p.k}`;
  return result ? `${where}: true patch ranked ${result.rank} of ${result.total}` : `${where}: outside the grid`;
}

/** A probability as a percentage that stays readable near chance (0.26%, 0.0041%), not "0.0%". */
export function percent(p: number): string {
  const x = 100 * p;
  return `${x >= 1 ? x.toFixed(1) : x.toPrecision(2)}%`;
}
