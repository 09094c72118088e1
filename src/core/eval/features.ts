import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` on fixed-size batches of `indices` (the last batch padded by repeating its final index, so every
 * call has the same shape and kernels compile once) and concatenates the real rows of the results.
 * With no indices it still runs one padded batch (index 0) and returns zero rows of the right width.
 */
export function batchedRows<T extends tf.Tensor>(indices: Int32Array, batchSize: number, fn: (batch: Int32Array) => T): T {
  const n = indices.length;
  const chunks: T[] = [];
  for (let start = 0; start < Math.max(n, 1); start += batchSize) {
    const count = Math.min(batchSize, n - start);
    const idx = new Int32Array(batchSize);
    idx.set(indices.subarray(start, start + count));
    idx.fill(count > 0 ? idx[count - 1] : 0, count);
    chunks.push(
      tf.tidy(() => {
        const out = fn(idx);
        return out.slice(0, Math.max(count, 0)) as T;
      }),
    );
  }
  if (chunks.length === 1) return chunks[0];
  const joined = tf.concat(chunks) as T;
  chunks.forEach((c) => c.dispose());
  return joined;
}

/** Frozen features [n, d] of the items at `indices` (the dataset's images or texts, not owned). */
export function extractFeatures<X extends tf.Tensor = tf.Tensor4D>(
  model: { features(x: X): tf.Tensor2D },
  images: { gather(indices: Int32Array): X },
  indices: Int32Array,
  batchSize: number,
): tf.Tensor2D {
  return batchedRows(indices, batchSize, (idx) => model.features(images.gather(idx)));
}

/** Per-dimension mean and std [1, d] of the train features (std at least 1e-6: constant, dead features stay at 0 instead of exploding). */
export function featureStats(train: tf.Tensor2D): { mean: tf.Tensor2D; std: tf.Tensor2D } {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(train, 0, true);
    return { mean: mean as tf.Tensor2D, std: tf.maximum(tf.sqrt(variance), 1e-6) as tf.Tensor2D };
  });
}

/** Per-dimension standardization with the train features' mean and std only (no test statistics leak in). */
export function standardize(train: tf.Tensor2D, test: tf.Tensor2D): { train: tf.Tensor2D; test: tf.Tensor2D } {
  return tf.tidy(() => {
    const { mean, std } = featureStats(train);
    const scale = (x: tf.Tensor2D) => tf.div(tf.sub(x, mean), std) as tf.Tensor2D;
    return { train: scale(train), test: scale(test) };
  });
}
