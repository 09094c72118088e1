import { UMAP } from 'umap-js';
import { Rng } from '../rng';

/** Below this many points a neighbour graph says little: no UMAP (the PCA still shows them). */
export const UMAP_MIN_POINTS = 8;
const NEIGHBOURS = 15;
const MIN_DIST = 0.1;
/** Optimisation passes: umap-js picks 500 for up to 10,000 points; 200 keeps ~2,000 points to a few seconds in a worker, with the same clusters. */
const EPOCHS = 200;

/**
 * 2-D UMAP of `n` feature rows of width `d` (row-major), as [n·2] x0, y0, x1, y1, …; null under UMAP_MIN_POINTS.
 * Every random choice (the neighbour search's trees, the initial layout, negative samples) draws from one Rng
 * seeded with `seed`, so the same features and seed always give the same picture. Plain CPU work: run it off the page.
 */
export function umapProjection(values: Float32Array, n: number, d: number, seed: number): Float32Array | null {
  if (n < UMAP_MIN_POINTS) return null;
  const rows = Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * d, (i + 1) * d)));
  const rng = new Rng(seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(NEIGHBOURS, n - 1),
    minDist: MIN_DIST,
    nEpochs: EPOCHS,
    random: () => rng.next(),
  });
  const embedding = umap.fit(rows);
  const out = new Float32Array(n * 2);
  embedding.forEach(([x, y], i) => {
    out[2 * i] = x;
    out[2 * i + 1] = y;
  });
  return out;
}
