import * as tf from '@tensorflow/tfjs';

/**
 * Reductions over the spatial axes of NHWC maps that keep channels innermost. The obvious tf.mean / tf.sum over
 * axes [1, 2] (or [0, 1, 2]) make tfjs-wasm transpose the whole map first so the reduced axes come last; a global
 * average pool reads the map as it lies, on every backend. Model code reduces through these, so what is there for
 * speed sits in one place (as the kernels the backend lacks sit in kernels/wasm/wasmKernels.ts).
 */

/** [b, h, w, c] → [b, 1, 1, c]: the mean over the spatial axes. */
export function spatialMean(x: tf.Tensor4D): tf.Tensor4D {
  return tf.avgPool(x, [x.shape[1], x.shape[2]], 1, 'valid');
}

/** [b, h, w, c] → [b, c]: the global average (pooled features). */
export function globalAverage(x: tf.Tensor4D): tf.Tensor2D {
  const [b, , , c] = x.shape;
  return tf.reshape(spatialMean(x), [b, c]);
}

/** [b, h, w, c] → [c]: the sum over batch and space (a bias's gradient). */
export function channelSum(x: tf.Tensor4D): tf.Tensor1D {
  return tf.mul(tf.sum(spatialMean(x), [0, 1, 2]), x.shape[1] * x.shape[2]);
}

/**
 * Per-channel values [b, 1, 1, c] → the mean of each group of c / groups channels, repeated over its channels: one
 * product with a [c, c] block matrix of 1 / (c / groups) (a mean then a broadcast ran two kernels, Tile among them).
 */
export function groupMean(perChannel: tf.Tensor4D, groups: number): tf.Tensor4D {
  const [b, , , c] = perChannel.shape;
  const size = c / groups;
  const average = tf.tensor2d(
    Float32Array.from({ length: c * c }, (_, i) => (Math.floor(i / c / size) === Math.floor((i % c) / size) ? 1 / size : 0)),
    [c, c],
  );
  return tf.reshape(tf.matMul(tf.reshape(perChannel, [b, c]), average), [b, 1, 1, c]);
}
