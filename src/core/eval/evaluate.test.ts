import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { stratifiedSplit } from '../data/split';
import { Rng } from '../rng';
import { tensorImages, useCpuBackend } from '../testUtils';
import { evaluateEncoder, stratifiedFolds } from './evaluate';
import { NEEDS_LABELS } from './reasons';

beforeAll(useCpuBackend);

const R = 4;
const PER_CLASS = 10;

/** 3 classes of 4 px images: class c is mostly colour channel c, with per-pixel noise. */
function dataset(seed: number) {
  const rng = new Rng(seed);
  const n = 3 * PER_CLASS;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const pixels = new Float32Array(n * R * R * 3);
  pixels.forEach((_, p) => {
    const channel = p % 3;
    const image = Math.floor(p / (R * R * 3));
    pixels[p] = (channel === labels[image] ? 0.7 : 0.3) + 0.25 * (rng.next() - 0.5);
  });
  const images = tf.tensor4d(pixels, [n, R, R, 3]);
  return { images, source: tensorImages(images), labels };
}

/** Two stand-ins for trained encoders: mean colour, and mean colour mixed by a fixed matrix plus its square. */
const meanColour = { features: (x: tf.Tensor4D) => tf.mean(x, [1, 2]) as tf.Tensor2D };
const mixed = {
  features: (x: tf.Tensor4D) => {
    const m = tf.matMul(
      tf.mean(x, [1, 2]) as tf.Tensor2D,
      tf.tensor2d([
        [1, 2, 0, 1],
        [0, 1, 3, 1],
        [2, 0, 1, 1],
      ]),
    );
    return tf.concat([m, tf.square(m)], 1) as tf.Tensor2D;
  },
};

describe('evaluateEncoder', () => {
  it('probes, runs kNN, projects and sweeps label budgets without leaking tensors, reproducibly', async () => {
    const { images, source, labels } = dataset(1);
    const split = stratifiedSplit(labels, 0.2, 1234);
    const input = { images: source, labels, split, numClasses: 3, seed: 5, budgets: [1, 4], knnK: 5, batchSize: 8 };
    const before = tf.memory().numTensors;
    const first = await evaluateEncoder({ ...input, model: meanColour });
    expect(tf.memory().numTensors).toBe(before);
    expect(first.reason).toBeNull();
    expect(first.probe!.accuracy).toBeGreaterThanOrEqual(0.99);
    expect(first.knn!.accuracy).toBeGreaterThanOrEqual(0.99);
    expect(first.knn!.k).toBe(5);
    expect(first.probe!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(split.test.length);
    expect(first.projection.indices).toEqual(split.test);
    expect(first.projection.points.length).toBe(2 * split.test.length);
    expect(first.projection.points.every(Number.isFinite)).toBe(true);
    expect(first.projection.umap).toBeNull(); // 6 test images: under UMAP_MIN_POINTS (umap.test.ts checks the projection itself)
    expect(first.sweep!.map((p) => p.perClass)).toEqual([1, 4, 'all']);
    expect(first.sweep![2].accuracy).toBe(first.probe!.accuracy);
    first.sweep!.forEach((p) => expect(p.accuracy).toBeGreaterThan(1 / 3));
    // image by image, what a paired test reads: as many as test images, averaging to the accuracy
    first.sweep!.forEach((p) => expect(p.correct!.length).toBe(split.test.length));
    expect(first.probe!.correct.reduce((a, b) => a + b, 0) / split.test.length).toBeCloseTo(first.probe!.accuracy, 12);
    // 6 labelled test images: the probe is also cross-validated over all 30 labelled images
    expect(first.cv!.folds).toBe(5);
    expect(first.cv!.correct.length).toBe(labels.length);
    expect(first.cv!.accuracy).toBeGreaterThanOrEqual(0.9);

    expect(await evaluateEncoder({ ...input, model: meanColour })).toEqual(first);
    // Another "method" on the same split: scored on exactly the same held-out images.
    const other = await evaluateEncoder({ ...input, model: mixed, budgets: undefined });
    expect(other.sweep).toBeUndefined();
    expect(other.projection.indices).toEqual(first.projection.indices);
    expect(other.probe!.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(
      first.probe!.confusion.map((row) => row.reduce((a, b) => a + b, 0)),
    );
    expect(tf.memory().numTensors).toBe(before);
    images.dispose();
  });

  it('leaves unlabelled images of a labelled set out of the probe', async () => {
    const { images, source, labels } = dataset(2);
    const split = stratifiedSplit(labels, 0.2, 1234);
    const partial = Int32Array.from(labels, (l, i) => (i < 6 ? -1 : l)); // images 0..5 lose their labels
    const labelledTest = split.test.filter((i) => partial[i] >= 0).length;
    const result = await evaluateEncoder({ model: meanColour, images: source, labels: partial, split, numClasses: 3, seed: 5 });
    expect(result.probe!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(labelledTest);
    expect(labelledTest).toBeLessThan(split.test.length);
    expect(result.projection.indices).toEqual(split.test);
    images.dispose();
  });

  it('returns no probe or kNN for an unlabelled set, with the reason, but still the projection', async () => {
    const { images, source } = dataset(3);
    const labels = new Int32Array(3 * PER_CLASS).fill(-1);
    const split = stratifiedSplit(labels, 0.2, 1234);
    const before = tf.memory().numTensors;
    const result = await evaluateEncoder({ model: meanColour, images: source, labels, split, numClasses: 0, seed: 5, budgets: [1] });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.probe).toBeNull();
    expect(result.knn).toBeNull();
    expect(result.sweep).toBeUndefined();
    expect(result.reason).toBe(NEEDS_LABELS);
    expect(result.projection.points.length).toBe(2 * split.test.length);
    expect(split.test.length).toBeGreaterThan(0);
    images.dispose();
  });
});

describe('stratifiedFolds', () => {
  it('deals every class evenly over the folds, the same way for a seed', () => {
    const labels = Int32Array.from({ length: 23 }, (_, i) => (i < 10 ? 0 : i < 20 ? 1 : 2));
    const fold = stratifiedFolds(labels, 5, 7);
    for (const c of [0, 1]) for (let f = 0; f < 5; f++) expect(labels.filter((l, i) => l === c && fold[i] === f).length).toBe(2);
    expect(new Set(fold.filter((_, i) => labels[i] === 2))).toEqual(new Set([0, 1, 2]));
    expect(stratifiedFolds(labels, 5, 7)).toEqual(fold);
    expect(stratifiedFolds(labels, 5, 8)).not.toEqual(fold);
  });
});
