import * as tf from '@tensorflow/tfjs';

/**
 * CIE Lab (D65 white, sRGB primaries and gamma) and the quantized ab space of Zhang et al. 2016.
 * L is in [0, 100]; a and b roughly in [-110, 110].
 */

/** Linear sRGB → XYZ (D65), row-major: xyz = M · rgb. */
const RGB_TO_XYZ = [
  [0.4124564, 0.3575761, 0.1804375],
  [0.2126729, 0.7151522, 0.072175],
  [0.0193339, 0.119192, 0.9503041],
];
const XYZ_TO_RGB = invert3(RGB_TO_XYZ);
/** The D65 reference white (X, Y, Z). */
const WHITE = [0.95047, 1, 1.08883];
const EPS = (6 / 29) ** 3; // below this, Lab's cube root becomes linear
const SLOPE = 3 * (6 / 29) ** 2;

function invert3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}

/** The last axis (3) times a matrix of `m.length` rows (3 columns each) → that many channels; rows scaled by `rowScale`, columns by `colScale`. */
function mix3<T extends tf.Tensor>(x: T, m: number[][], rowScale = [1, 1, 1], colScale = [1, 1, 1]): T {
  const mt = tf.tensor2d(m.map((row, r) => row.map((v, c) => v * rowScale[r] * colScale[c]))).transpose();
  return tf.reshape(tf.matMul(tf.reshape(x, [-1, 3]), mt), [...x.shape.slice(0, -1), m.length]) as T;
}

/** Lab's f(X/Xn), f(Y/Yn), f(Z/Zn) of sRGB in [0, 1] (last axis). */
function labF<T extends tf.Tensor>(rgb: T): T {
  const c = tf.clipByValue(rgb, 0, 1);
  const linear = tf.where(tf.lessEqual(c, 0.04045), tf.div(c, 12.92), tf.pow(tf.div(tf.add(c, 0.055), 1.055), 2.4));
  const t = mix3(
    linear,
    RGB_TO_XYZ,
    WHITE.map((w) => 1 / w),
  ); // XYZ / white
  return tf.where(tf.greater(t, EPS), tf.pow(tf.maximum(t, EPS), 1 / 3), tf.add(tf.div(t, SLOPE), 4 / 29)) as T;
}

/** a = 500 (fx − fy), b = 200 (fy − fz). */
const AB_ROWS = [
  [500, -500, 0],
  [0, 200, -200],
];

/** sRGB in [0, 1] (last axis RGB) → Lab (last axis L, a, b). Any rank. */
export function rgbToLab<T extends tf.Tensor>(rgb: T): T {
  // L = 116 fy − 16, a = 500 (fx − fy), b = 200 (fy − fz): one more 3×3 mix plus an offset.
  return tf.tidy(() => tf.sub(mix3(labF(rgb), [[0, 116, 0], ...AB_ROWS]), tf.tensor1d([16, 0, 0])) as T);
}

/** sRGB in [0, 1] → Lab's a and b only (last axis 2): what colorization's targets need, without slicing L off. Any rank. */
export function rgbToAb<T extends tf.Tensor>(rgb: T): T {
  return tf.tidy(() => mix3(labF(rgb), AB_ROWS));
}

/** Lab → sRGB in [0, 1] (out-of-gamut colours are clipped). Any rank. */
export function labToRgb<T extends tf.Tensor>(lab: T): T {
  return tf.tidy(() => {
    // fx = (L+16)/116 + a/500, fy = (L+16)/116, fz = (L+16)/116 − b/200
    const shifted = tf.add(lab, tf.tensor1d([16, 0, 0]));
    const f = mix3(shifted, [
      [1 / 116, 1 / 500, 0],
      [1 / 116, 0, 0],
      [1 / 116, 0, -1 / 200],
    ]);
    const t = tf.where(tf.greater(f, 6 / 29), tf.mul(tf.square(f), f), tf.mul(tf.sub(f, 4 / 29), SLOPE));
    const linear = tf.clipByValue(mix3(t, XYZ_TO_RGB, [1, 1, 1], WHITE), 0, 1);
    const srgb = tf.where(
      tf.lessEqual(linear, 0.0031308),
      tf.mul(linear, 12.92),
      tf.sub(tf.mul(tf.pow(tf.maximum(linear, 0.0031308), 1 / 2.4), 1.055), 0.055),
    );
    return tf.clipByValue(srgb, 0, 1) as T;
  });
}

/**
 * Plain-number sRGB → Lab, the same formulas as `rgbToLab`. It exists because the bin set must be
 * known synchronously (it sizes the model's output) and tensors may only be read back asynchronously.
 */
export function rgbToLabScalar(r: number, g: number, b: number): [number, number, number] {
  const lin = [r, g, b].map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const [fx, fy, fz] = RGB_TO_XYZ.map((row, i) => {
    const t = (row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]) / WHITE[i];
    return t > EPS ? Math.cbrt(t) : t / SLOPE + 4 / 29;
  });
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** Levels per channel when enumerating the sRGB cube for the gamut (64³ colours; 128³ adds one edge bin). */
const GAMUT_LEVELS = 64;
const binCache = new Map<number, Float32Array>();

/**
 * The in-gamut ab bins, [Q·2] as (a, b) pairs: the centres of the grid cells (centres at multiples
 * of `grid`) that some sRGB colour falls into when its ab is rounded to the nearest centre.
 * Every bin is reachable by a real pixel and every pixel has its own bin. For grid 10 this gives
 * Q = 261 (Zhang et al.'s 313 come from their own, looser hull of the gamut).
 */
export function abBins(grid = 10): Float32Array {
  const cached = binCache.get(grid);
  if (cached) return cached;
  const seen = new Map<string, [number, number]>();
  const n = GAMUT_LEVELS - 1;
  for (let r = 0; r <= n; r++)
    for (let g = 0; g <= n; g++)
      for (let b = 0; b <= n; b++) {
        const [, a, bb] = rgbToLabScalar(r / n, g / n, b / n);
        const qa = Math.round(a / grid) * grid + 0,
          qb = Math.round(bb / grid) * grid + 0; // + 0 turns −0 into 0
        seen.set(`${qa},${qb}`, [qa, qb]);
      }
  const sorted = [...seen.values()].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  const out = Float32Array.from(sorted.flat());
  binCache.set(grid, out);
  return out;
}

/** Squared distances [P, Q] from ab points [P, 2] to the bin centres [Q, 2]. */
function binDistances(ab: tf.Tensor2D, centres: tf.Tensor2D): tf.Tensor2D {
  const cross = tf.matMul(ab, centres, false, true);
  return tf.add(tf.sub(tf.sum(tf.square(ab), 1, true), tf.mul(cross, 2)), tf.sum(tf.square(centres), 1).expandDims(0));
}

/** Index [P] int32 of the nearest bin to each ab point [P, 2]. */
export function nearestBin(ab: tf.Tensor2D, centres: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.argMin(binDistances(ab, centres), 1));
}

/**
 * Soft-encode ab points [P, 2] over the bins [Q, 2]: a Gaussian (σ) on the distance to each of the
 * `neighbours` nearest bins, zero elsewhere; rows sum to 1 and peak at the nearest bin. The Gaussians are taken and
 * normalised on the [P, k] nearest only, then scattered into the [P, Q] table (no [P, Q] exp and no [P, k, Q] one-hot).
 */
export function softEncode(ab: tf.Tensor2D, centres: tf.Tensor2D, sigma = 5, neighbours = 5): tf.Tensor2D {
  return tf.tidy(() => {
    const d2 = binDistances(ab, centres);
    const [p, q] = d2.shape;
    const nearest = tf.topk(tf.neg(d2), neighbours); // descending −d²: values and indices [P, k], ties broken
    // Shift by the nearest distance so the exponent cannot underflow to an all-zero row.
    const gauss = tf.exp(tf.div(tf.sub(nearest.values, tf.slice(nearest.values, [0, 0], [-1, 1])), 2 * sigma * sigma));
    const w = tf.div(gauss, tf.sum(gauss, 1, true));
    const rowStart = tf.tensor2d(
      Int32Array.from({ length: p * neighbours }, (_, i) => Math.floor(i / neighbours) * q),
      [p, neighbours],
      'int32',
    );
    const at = tf.reshape(tf.add(rowStart, nearest.indices), [p * neighbours, 1]); // flat index p·Q + bin
    return tf.reshape(tf.scatterND(at, tf.reshape(w, [-1]), [p * q]), [p, q]);
  });
}

/**
 * Class-rebalancing weights from a bin prior [Q] (sums to 1): w ∝ 1 / ((1 − λ)·p + λ/Q),
 * normalized so that Σ p·w = 1 (mean 1 under the prior). λ = 0.5 as in Zhang et al.
 */
export function rebalanceWeights(prior: tf.Tensor1D, uniformMix = 0.5): tf.Tensor1D {
  return tf.tidy(() => {
    const q = prior.shape[0];
    const w = tf.reciprocal(tf.add(tf.mul(prior, 1 - uniformMix), uniformMix / q));
    return tf.div(w, tf.sum(tf.mul(prior, w)));
  });
}

/**
 * The annealed mean of Zhang et al.: ab = Σ_q softmax(logits / T)_q · centre_q, [P, 2].
 * T → 0 gives the mode (vivid, patchy), T = 1 the mean (greyish); 0.38 sits between.
 */
export function annealedMean(logits: tf.Tensor2D, centres: tf.Tensor2D, temperature = 0.38): tf.Tensor2D {
  return tf.tidy(() => tf.matMul(tf.softmax(tf.div(logits, temperature)), centres));
}
