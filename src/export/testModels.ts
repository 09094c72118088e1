import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import type { TrainConfig } from '../core/config';
import { methodIds } from '../core/methods/catalog';
import type { Method, MethodModel } from '../core/methods/types';
import { Rng } from '../core/rng';
import { tinyConfig } from '../core/testUtils';
import type { Checkpoint } from '../core/train/types';
import { modelSnapshot } from './fromRun';
import type { LinearClassifier } from './network';

/** The shipped sample's class names and `perClass` real photos of each class, uint8 [n, 32, 32, 3] (tests only). */
export function samplePhotos(perClass: number): { pixels: Uint8Array; count: number; resolution: number; classNames: string[] } {
  const meta = JSON.parse(readFileSync('public/sample/meta.json', 'utf8')) as { classNames: string[]; count: number; resolution: number };
  const all = readFileSync('public/sample/pixels.bin');
  const size = meta.resolution * meta.resolution * 3;
  const per = meta.count / meta.classNames.length;
  const pixels = new Uint8Array(perClass * meta.classNames.length * size);
  let n = 0;
  for (let c = 0; c < meta.classNames.length; c++)
    for (let k = 0; k < perClass; k++) pixels.set(all.subarray((c * per + k) * size, (c * per + k + 1) * size), n++ * size);
  return { pixels, count: n, resolution: meta.resolution, classNames: meta.classNames };
}

/** uint8 pixels → float [n, r, r, 3] in [0, 1], as the app's image store makes them. */
export function toImages(pixels: Uint8Array, r: number): tf.Tensor4D {
  return tf.tidy(() => tf.div(tf.tensor4d(pixels, [pixels.length / (r * r * 3), r, r, 3], 'int32').toFloat(), 255));
}

/** 32 px, 3 stages (two max-pools), 4 filters: small, and every part of the encoder runs. */
export const exportConfig: TrainConfig = tinyConfig({ resolution: 32, width: 4, depth: 3 });

/**
 * A method's model with every weight moved off its initial value (group norm's 1 and 0, zero biases would hide a
 * mistake in their export), and its checkpoint. `random` has no trainable weights: its checkpoint is the encoder's (modelSnapshot).
 */
export async function perturbedModel(
  method: Method,
  cfg = exportConfig,
  classes = 10,
): Promise<{ model: MethodModel; checkpoint: Checkpoint }> {
  const sample = tf.randomUniform([4, cfg.resolution, cfg.resolution, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
  let created: MethodModel | null = null;
  tf.tidy(() => {
    created = method.create({ cfg, numClasses: classes, rng: new Rng(cfg.seed), sample });
  });
  const model: MethodModel = created!;
  sample.dispose();
  const rng = new Rng(99 + methodIds.indexOf(method.id)); // each method's own weights, though most encoders start alike
  for (const v of model.variables.length ? model.variables : model.encoder.variables)
    tf.tidy(() => v.assign(tf.add(v, tf.randomNormal(v.shape, 0, 0.2, 'float32', rng.seed()))));
  return { model, checkpoint: await modelSnapshot(model, 'export-test', 7) };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A seeded probe with nonzero everything (tests only). */
export function randomClassifier(d: number, classNames: string[]): LinearClassifier {
  const k = classNames.length;
  const r = (n: number, seed: number) => tf.tidy(() => tf.randomNormal([n], 0, 1, 'float32', seed).dataSync() as Float32Array);
  return {
    mean: r(d, 1),
    std: r(d, 2).map((v) => 0.5 + Math.abs(v)),
    weights: { shape: [d, k], values: r(d * k, 3) },
    bias: r(k, 4),
    classNames,
  };
}

/** What the app computes: the method's features, and the classifier's probabilities on them. */
export function appOutputs(
  model: MethodModel,
  images: tf.Tensor4D,
  c: LinearClassifier,
): { features: Float32Array; probabilities: Float32Array } {
  return tf.tidy(() => {
    const f = model.features(images);
    const z = tf.div(tf.sub(f, tf.tensor1d(c.mean)), tf.tensor1d(c.std));
    const p = tf.softmax(tf.add(tf.matMul(z, tf.tensor2d(c.weights.values, c.weights.shape as [number, number])), tf.tensor1d(c.bias)));
    return { features: f.dataSync() as Float32Array, probabilities: p.dataSync() as Float32Array };
  });
}
