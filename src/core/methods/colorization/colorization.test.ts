import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { abBins } from '../../data/lab';
import { Rng } from '../../rng';
import { syntheticImages, tinyConfig, useCpuBackend } from '../../testUtils';
import { colorization } from '.';

beforeAll(useCpuBackend);

const noLabels = (n: number) => tf.fill([n], -1, 'int32') as tf.Tensor1D;

describe('colorization', () => {
  it('builds on a grayscale dataset without crashing and gives a finite loss', async () => {
    const gray = tf.tidy(() => tf.tile(tf.mean(syntheticImages(4, 16, 2), 3, true), [1, 1, 1, 3])) as tf.Tensor4D;
    const labels = noLabels(4);
    const model = colorization.create({ cfg: tinyConfig(), numClasses: 0, rng: new Rng(1), sample: gray });
    const loss = tf.tidy(() => model.step({ images: gray, labels }, new Rng(2)).loss);
    expect(Number.isFinite((await loss.data())[0])).toBe(true);
    tf.dispose([gray, labels, loss]);
    model.dispose();
  });

  it('classification head predicts one logit per in-gamut bin; regression predicts ab', () => {
    const sample = syntheticImages(2, 16, 2);
    const q = abBins(10).length / 2;
    const outputs = (mode: string) => {
      const model = colorization.create({ cfg: tinyConfig({ params: { mode } }), numClasses: 0, rng: new Rng(1), sample });
      const head = model.variables[model.variables.length - 2]; // the head's kernel [1, 1, D, out]
      const out = head.shape[3];
      model.dispose();
      return out;
    };
    expect(outputs('classification')).toBe(q);
    expect(outputs('regression')).toBe(2);
    sample.dispose();
  });

  it('regression mode lowers its L2 loss on a fixed batch', async () => {
    const cfg = tinyConfig({ params: { mode: 'regression' } });
    const images = syntheticImages(4, 16, 3);
    const labels = noLabels(4);
    const model = colorization.create({ cfg, numClasses: 0, rng: new Rng(1), sample: images });
    const optimizer = tf.train.adam(cfg.learningRate);
    const losses: number[] = [];
    for (let s = 0; s < 10; s++) {
      const loss = tf.tidy(() => optimizer.minimize(() => model.step({ images, labels }, new Rng(s)).loss, true, model.variables)!);
      losses.push((await loss.data())[0]);
      loss.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[9]).toBeLessThan(losses[0] * 0.7);
    tf.dispose([images, labels]);
    optimizer.dispose();
    model.dispose();
  });

  it('visualize shows up to 6 images: gray is the neutral colour of each pixel L, all at full resolution', async () => {
    const images = syntheticImages(8, 16, 4);
    const labels = noLabels(8);
    const model = colorization.create({ cfg: tinyConfig(), numClasses: 0, rng: new Rng(1), sample: images });
    const before = tf.memory().numTensors;
    const view = await model.visualize({ images, labels });
    expect(tf.memory().numTensors).toBe(before);
    expect(view.kind).toBe('colorization');
    if (view.kind !== 'colorization') return;
    expect(view.items).toHaveLength(6);
    for (const { gray, predicted, original } of view.items) {
      for (const img of [gray, predicted, original]) expect([img.width, img.height, img.data.length]).toEqual([16, 16, 16 * 16 * 4]);
      for (let p = 0; p < 16 * 16; p++) expect(Math.abs(gray.data[p * 4] - gray.data[p * 4 + 2])).toBeLessThanOrEqual(1);
      expect(new Set(predicted.data).size).toBeGreaterThan(2);
    }
    tf.dispose([images, labels]);
    model.dispose();
  });
});
