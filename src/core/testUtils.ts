import * as tf from '@tensorflow/tfjs';
import { defaultConfig, type TrainConfig } from './config';
import type { ImageSet } from './data/imageSet';
import type { ImageSource } from './data/imageStore';
import { Rng } from './rng';

/** Unit tests run the real kernels on tfjs' CPU backend (pure JS, deterministic). */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A config small enough for tests: 16 px, batch 4, 4 filters, 2 stages. */
export function tinyConfig(overrides: Partial<TrainConfig> = {}): TrainConfig {
  return {
    ...defaultConfig,
    resolution: 16,
    batchSize: 4,
    width: 4,
    depth: 2,
    steps: 30,
    warmupSteps: 0,
    learningRate: 1e-2,
    ...overrides,
  };
}

/** Seeded smooth random images [n, r, r, 3] in [0, 1] (blobs and gradients, so pretext tasks are learnable). */
export function syntheticImages(n: number, r: number, seed = 1): tf.Tensor4D {
  const rng = new Rng(seed);
  const data = new Float32Array(n * r * r * 3);
  for (let b = 0; b < n; b++) {
    const cx = rng.next() * r,
      cy = rng.next() * r,
      rad = r * (0.2 + 0.3 * rng.next());
    const col = [rng.next(), rng.next(), rng.next()];
    for (let y = 0; y < r; y++)
      for (let x = 0; x < r; x++) {
        const inside = (x - cx) ** 2 + (y - cy) ** 2 < rad * rad;
        for (let c = 0; c < 3; c++) {
          const bg = (y / r) * 0.6 + (c === 2 ? 0.3 : 0.1);
          data[((b * r + y) * r + x) * 3 + c] = inside ? col[c] : bg;
        }
      }
  }
  return tf.tensor4d(data, [n, r, r, 3]);
}

/** A tensor of images [N, R, R, C] as the evaluation reads a dataset (the tensor is not owned). */
export function tensorImages(images: tf.Tensor4D): ImageSource {
  return { gather: (idx) => tf.tidy(() => tf.gather(images, tf.tensor1d(idx, 'int32'))) };
}

/** `n` labelled synthetic images at 16 px, 3 classes, as a dataset. */
export async function tinySet(n = 24, name = 'tiny', seed = 3): Promise<ImageSet> {
  const t = syntheticImages(n, 16, seed);
  const values = await t.data();
  t.dispose();
  return {
    name,
    resolution: 16,
    pixels: Uint8Array.from(values, (v) => Math.round(v * 255)),
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    classNames: ['a', 'b', 'c'],
  };
}
