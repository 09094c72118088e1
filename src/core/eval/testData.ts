import { Rng } from '../rng';

/** Standard normal draw (Box–Muller) from a seeded Rng: test data only. */
export function gaussian(rng: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * `perClass` points of each of `numClasses` Gaussian clusters in `dim` dimensions (unit noise), class c centred
 * at `spread`·e_c; rows grouped by class. Returns row-major values and labels.
 */
export function clusters(numClasses: number, perClass: number, dim: number, spread: number, rng: Rng) {
  const values = new Float32Array(numClasses * perClass * dim);
  const labels = new Int32Array(numClasses * perClass);
  for (let c = 0; c < numClasses; c++)
    for (let i = 0; i < perClass; i++) {
      const row = c * perClass + i;
      labels[row] = c;
      for (let j = 0; j < dim; j++) values[row * dim + j] = gaussian(rng) + (j === c ? spread : 0);
    }
  return { values, labels };
}
