import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMethod } from '../methods/registry';
import type { MethodModel } from '../methods/types';
import { Rng } from '../rng';
import { tinyConfig, tinySet, useCpuBackend } from '../testUtils';
import { uploadDataset, disposeTrainingData, type TrainingData } from './trainingData';
import { finetuneDefaults, type FinetuneSettings } from '../config';
import { finetuneClassifier, finetuneSweep, stepsFor } from './finetune';
import { consistencyLoss, pseudoLabels, semiDefaults } from './semi';

const quick = (o: Partial<FinetuneSettings> = {}): FinetuneSettings => ({
  ...finetuneDefaults,
  steps: 12,
  batchSize: 8,
  frozenSteps: 4,
  warmupSteps: 0,
  learningRate: 1e-2,
  ...o,
});
const values = (vars: tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));

describe('stepsFor', () => {
  it('gives a budget its epochs in steps, within the fewest and the most', () => {
    const s = { steps: 2000, epochs: 30, minSteps: 200, batchSize: 32 };
    expect(stepsFor(10, s)).toBe(200);
    expect(stepsFor(400, s)).toBe(375);
    expect(stepsFor(4000, s)).toBe(2000);
    expect(stepsFor(4000, { ...s, steps: 3 })).toBe(3); // a cap below the floor wins
  });
});

describe('fine-tuning', () => {
  let data: TrainingData;
  let model: MethodModel;
  beforeAll(async () => {
    await useCpuBackend();
    data = uploadDataset(await tinySet(36), 0.25);
    const cfg = tinyConfig();
    const sample = data.images.gather(data.train);
    model = getMethod('rotation').create({ cfg, numClasses: 0, rng: new Rng(1), sample });
    sample.dispose();
  });
  afterAll(() => {
    model.dispose();
    disposeTrainingData(data);
  });

  it('starts from a copy of the encoder and never changes the source', async () => {
    const before = values(model.encoder.variables);
    const c0 = await finetuneClassifier({ source: model, scratch: false, data, train: data.train, settings: quick({ steps: 0 }), seed: 1 });
    expect(values(c0.encoderVariables)).toEqual(before);
    c0.dispose();
    const c1 = await finetuneClassifier({ source: model, scratch: false, data, train: data.train, settings: quick(), seed: 1 });
    expect(values(c1.encoderVariables)).not.toEqual(before);
    expect(values(model.encoder.variables)).toEqual(before);
    c1.dispose();
  });

  it('trains the head alone while the encoder is frozen', async () => {
    const before = values(model.encoder.variables);
    const c = await finetuneClassifier({
      source: model,
      scratch: false,
      data,
      train: data.train,
      settings: quick({ frozenSteps: 12 }),
      seed: 2,
    });
    expect(values(c.encoderVariables)).toEqual(before);
    c.dispose();
  });

  it('fits its labelled images (from scratch, without augmentation)', async () => {
    const train = data.train.slice(0, 6);
    const settings = quick({ steps: 30, minCrop: 1, batchSize: 6, learningRate: 3e-2 });
    const c = await finetuneClassifier({ source: model, scratch: true, data, train, settings, seed: 3 });
    const fitted = await c.score(data.images, train, data.labelsCpu);
    c.dispose();
    expect(fitted.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(fitted.correct.length).toBe(6);
  });

  it('sweeps every label budget, scores the test split image by image, and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const { points, classifier, result } = await finetuneSweep(
      { source: model, scratch: false, data, settings: quick({ steps: 4 }), seed: 1 },
      (p) => seen.push(p.length),
    );
    expect(points.map((p) => p.perClass)).toEqual([1, 4, 10, 40, 'all']);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    for (const p of points) expect(p.correct!.length).toBe(data.test.length);
    expect(result.accuracy).toBe(points[4].accuracy);
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(data.test.length);
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns from unlabelled images too (semi-supervised), leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const c = await finetuneClassifier({
      source: model,
      scratch: false,
      data,
      train: data.train.slice(0, 6),
      unlabelled: data.train,
      semi: { ...semiDefaults, threshold: 0 },
      settings: quick(),
      seed: 4,
    });
    const probs = c.probabilities(data.images, data.test);
    const sums = tf.tidy(() => Array.from(tf.sum(probs, 1).dataSync()));
    probs.dispose();
    c.dispose();
    sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('counts a pseudo-label only above the threshold', () => {
    const logits = (x: tf.Tensor4D) => tf.mean(x, [1, 2]) as tf.Tensor2D; // 3 "classes": the colour channels
    const rng = new Rng(5);
    tf.tidy(() => {
      const images = data.images.gather(data.train.slice(0, 4));
      const all = pseudoLabels(logits, images, 1, { ...semiDefaults, threshold: 0 }, rng);
      const none = pseudoLabels(logits, images, 1, { ...semiDefaults, threshold: 1.01 }, rng);
      expect(Array.from(all.mask.dataSync())).toEqual([1, 1, 1, 1]);
      expect(Array.from(all.targets.sum(1).dataSync())).toEqual([1, 1, 1, 1]);
      expect(consistencyLoss(logits, images, none, rng).dataSync()[0]).toBe(0);
      expect(consistencyLoss(logits, images, all, rng).dataSync()[0]).toBeGreaterThan(0);
    });
  });
});
