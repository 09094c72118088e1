import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { syntheticImages, tinyConfig, useCpuBackend } from '../testUtils';
import { methods } from './registry';
import type { Batch, MethodModel } from './types';
import type { MethodView, RgbaImage } from './visualization';

const STEPS = 25; // memory is compared after step 5 and step 25
const CLASSES = 3;
/** The kind of view each method gave (filled by the tests below, checked by the last one). */
const viewKinds = new Map<string, MethodView['kind']>();

/** Every RgbaImage anywhere inside a view. */
function imagesIn(value: unknown): RgbaImage[] {
  if (!value || typeof value !== 'object') return [];
  if ('data' in value && value.data instanceof Uint8ClampedArray) return [value as RgbaImage];
  return Object.values(value).flatMap(imagesIn);
}

async function valuesOf(vars: tf.Variable[]): Promise<number[][]> {
  return Promise.all(vars.map(async (v) => Array.from(await v.data())));
}

beforeAll(useCpuBackend);

describe.each(methods.map((m) => [m.id, m] as const))('method contract: %s', (_id, method) => {
  const cfg = tinyConfig({ batchSize: 2 }); // the CPU backend's conv weight gradient dominates: keep it tiny
  let batch: Batch;
  let model: MethodModel;

  beforeAll(() => {
    batch = { images: syntheticImages(cfg.batchSize, cfg.resolution, 11), labels: tf.tensor1d([0, 2], 'int32') };
    // the trainer creates models inside tf.tidy: anything a method keeps must survive that
    tf.tidy(() => {
      model = method.create({ cfg, numClasses: CLASSES, rng: new Rng(cfg.seed), sample: batch.images });
    });
  });

  afterAll(() => {
    model.dispose();
    tf.dispose([batch.images, batch.labels]);
  });

  it('has weights to train exactly when it is trainable', () => {
    expect(model.variables.length > 0).toBe(method.trainable);
  });

  it('steps: finite scalar loss and the declared metrics', async () => {
    const out: Record<string, tf.Scalar> = tf.tidy(() => {
      const o = model.step(batch, new Rng(2));
      return { loss: o.loss, ...o.metrics };
    });
    expect(out.loss.shape).toEqual([]);
    expect(out.loss.dtype).toBe('float32');
    expect(Number.isFinite((await out.loss.data())[0])).toBe(true);
    expect(
      Object.keys(out)
        .filter((k) => k !== 'loss')
        .sort(),
    ).toEqual([...method.metricNames].sort());
    for (const name of method.metricNames) {
      expect(out[name].shape).toEqual([]);
      expect(Number.isFinite((await out[name].data())[0])).toBe(true);
    }
    tf.dispose(out);
  });

  it('learns a fixed batch without leaking tensors', async () => {
    const before = await valuesOf(model.encoder.variables);
    const optimizer = tf.train.adam(cfg.learningRate);
    const losses: number[] = [];
    const counts: number[] = [];
    for (let s = 1; s <= STEPS; s++) {
      // the same Rng seed every step: the same crops, tiles and masks, i.e. a fixed batch
      const value = tf.tidy(() => {
        if (!method.trainable) return model.step(batch, new Rng(3)).loss;
        return optimizer.minimize(() => model.step(batch, new Rng(3)).loss, true, model.variables)!;
      });
      losses.push((await value.data())[0]);
      value.dispose();
      counts.push(tf.memory().numTensors);
    }
    optimizer.dispose();
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(counts[24]).toBe(counts[4]);
    const after = await valuesOf(model.encoder.variables);
    if (method.trainable) {
      const tail = losses.slice(-3).reduce((a, b) => a + b, 0) / 3;
      expect(tail).toBeLessThan(losses[0] * 0.9);
      expect(after).not.toEqual(before);
    } else {
      expect(losses.every((l) => l === 0)).toBe(true);
      expect(after).toEqual(before);
    }
  });

  it('gives the joined-stage probe features [B, probeDim]', async () => {
    const features = tf.tidy(() => model.features(batch.images));
    expect(features.shape).toEqual([cfg.batchSize, model.encoder.probeDim]);
    expect(Array.from(await features.data()).every(Number.isFinite)).toBe(true);
    features.dispose();
  });

  it('visualizes its own kind of view with real images, leaking nothing', async () => {
    const count = tf.memory().numTensors;
    const view = await model.visualize(batch);
    expect(tf.memory().numTensors).toBe(count);
    viewKinds.set(method.id, view.kind);
    expect(view.kind === 'none').toBe(!method.trainable); // only the untrained baseline has nothing to show
    if (view.kind === 'none') return;
    const images = imagesIn(view);
    expect(images.length).toBeGreaterThan(0);
    for (const im of images) {
      expect(im.width * im.height).toBeGreaterThan(0);
      expect(im.data.length).toBe(im.width * im.height * 4);
    }
    // not blank: some image has more than one colour
    expect(images.some((im) => new Set(im.data).size > 2)).toBe(true);
  });
});

it('every method gives a view of its own kind', () => {
  expect([...viewKinds.keys()]).toEqual(methods.map((m) => m.id));
  expect(new Set(viewKinds.values()).size).toBe(methods.length);
});
