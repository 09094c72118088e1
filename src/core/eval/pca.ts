import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';

const MAX_ITERATIONS = 500;
const TOLERANCE = 1e-12; // on 1 − |cos| between successive iterates

/**
 * The top `count` principal axes of features [n, d] (unit vectors of length d, largest variance first).
 * The n×d work (centring, covariance) runs on the device; the d×d eigenproblem is read back and solved by
 * power iteration with deflation on the CPU, in float64: d is a pooled feature width (tens to a few hundred),
 * so this is far cheaper than hundreds of tiny device dispatches, and it can stop on convergence.
 * Each axis' sign is fixed (largest-magnitude component positive) so plots do not flip between runs.
 * A zero-variance direction comes back as a zero vector.
 */
export async function principalAxes(features: tf.Tensor2D, count = 2): Promise<Float64Array[]> {
  const [n, d] = features.shape;
  const cov = tf.tidy(() => {
    const centred = tf.sub(features, tf.mean(features, 0, true));
    return tf.div(tf.matMul(centred, centred, true, false), Math.max(n - 1, 1));
  });
  const c = Float64Array.from(await cov.data());
  cov.dispose();
  let trace = 0;
  for (let i = 0; i < d; i++) trace += c[i * d + i];
  const floor = 1e-9 * trace; // below this, what is left is rounding noise: no variance remains
  const rng = new Rng(1); // fixed start vectors: the same features always give the same axes
  const axes: Float64Array[] = [];
  for (let a = 0; a < Math.min(count, d); a++) {
    const v = dominantEigenvector(
      c,
      d,
      Float64Array.from({ length: d }, () => rng.next() - 0.5),
      floor,
    );
    const lambda = dot(v, matVec(c, d, v)); // Rayleigh quotient (0 for a zero vector)
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) c[i * d + j] -= lambda * v[i] * v[j]; // deflate
    axes.push(v);
  }
  while (axes.length < count) axes.push(new Float64Array(d));
  return axes;
}

/** 2-D PCA projection of the (centred) features for a scatter plot: [n·2] as x0, y0, x1, y1, … */
export async function pcaProjection(features: tf.Tensor2D): Promise<Float32Array> {
  const axes = await principalAxes(features, 2);
  const d = features.shape[1];
  const basis = new Float32Array(d * 2);
  for (let i = 0; i < d; i++) [basis[i * 2], basis[i * 2 + 1]] = [axes[0][i], axes[1][i]];
  const points = tf.tidy(() => tf.matMul(tf.sub(features, tf.mean(features, 0, true)), tf.tensor2d(basis, [d, 2])));
  const values = (await points.data()) as Float32Array;
  points.dispose();
  return values;
}

function matVec(c: Float64Array, d: number, v: Float64Array): Float64Array {
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += c[i * d + j] * v[j];
    out[i] = s;
  }
  return out;
}

/** Power iteration from `start`; a unit vector with a fixed sign, or zeros once ‖C·v‖ falls to `floor`. */
function dominantEigenvector(c: Float64Array, d: number, start: Float64Array, floor: number): Float64Array {
  let v = scaled(start, 1 / norm(start));
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    const cv = matVec(c, d, v);
    const length = norm(cv);
    if (!(length > floor)) return new Float64Array(d);
    const next = scaled(cv, 1 / length);
    const converged = 1 - Math.abs(dot(next, v)) < TOLERANCE;
    v = next;
    if (converged) break;
  }
  let big = 0;
  for (let i = 1; i < d; i++) if (Math.abs(v[i]) > Math.abs(v[big])) big = i;
  return v[big] < 0 ? scaled(v, -1) : v;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(v: Float64Array): number {
  return Math.sqrt(dot(v, v));
}

function scaled(v: Float64Array, factor: number): Float64Array {
  return v.map((x) => x * factor);
}
