import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { getTextMethod } from '../methods/registry';
import { prepareText } from './textData';
import * as tf from '@tensorflow/tfjs';
import { tokenCrossEntropy } from './lmLoss';
import { coveringWindows } from './textData';
import { shiftedWindows } from './textModel';
import { bigramItemNll, bigramPerplexity, evaluateText, modelItemNll, modelPerplexity, perplexityEstimate } from './textEval';
import { textScratch } from './textScratch';
import { trainText } from './textTrain';

// Two "authors" with disjoint words, two books each: a probe on any features that see words can tell them apart.
const para = (words: string[], k: number) => Array.from({ length: 12 }, (_, i) => words[(i * k + i) % words.length]).join(' ');
const a = ['sea', 'ship', 'wave', 'sail', 'storm', 'deck'];
const b = ['ball', 'dance', 'letter', 'sister', 'marry', 'estate'];
const texts = [0, 1, 2, 3].flatMap((k) => [para(a, k), para(b, k)]);
const set = {
  texts,
  names: texts.map((_, i) => `${i % 2 ? 'b' : 'a'}/book${i >> 2}__p${i}.txt`),
  labels: Int32Array.from(texts, (_, i) => i % 2),
  classNames: ['a', 'b'],
  groups: texts.map((_, i) => `${i % 2 ? 'b' : 'a'}/book${i >> 2}`),
};
const cfg = { ...defaultConfig, width: 8, depth: 1, batchSize: 4, steps: 30, warmupSteps: 2, learningRate: 1e-2, params: {} };

describe('text training and evaluation', () => {
  const data = prepareText(set, { vocabSize: 20, seqLen: 8, testFraction: 0.5, seed: 1 });

  it('probes held-out books and reports a sweep', async () => {
    const { model } = await trainText(getTextMethod('random'), data, cfg);
    const ev = await evaluateText(model, data, 1, [1]);
    expect(ev.probe!.accuracy).toBeGreaterThanOrEqual(0.75);
    expect(ev.sweep!.map((p) => p.perClass)).toEqual([1, 'all']);
    model.dispose();
  });

  it('a trained next-word model beats its untrained self and the bigram is finite', async () => {
    const method = getTextMethod('nextword');
    const { model: before } = await trainText(method, data, { ...cfg, steps: 0 });
    const { model, steps } = await trainText(method, data, cfg);
    expect(steps).toBe(30);
    const [p0, p1] = [
      await modelPerplexity(before as Required<typeof before>, data, data.test),
      await modelPerplexity(model as Required<typeof model>, data, data.test),
    ];
    expect(p1).toBeLessThan(p0);
    expect(Number.isFinite(bigramPerplexity(data, data.test))).toBe(true);
    [before, model].forEach((m) => m.dispose());
  });

  it('per-item NLL sums to the whole-set cross-entropy, and its bootstrap interval holds the perplexity', async () => {
    const { model } = await trainText(getTextMethod('nextword'), data, { ...cfg, steps: 5 });
    const m = model as Required<typeof model>;
    const items = await modelItemNll(m, data, data.test, 3); // batches that split an item's windows
    expect(items.nll.length).toBe(data.test.length);
    const { tokens, rows } = coveringWindows(data, data.test);
    const whole = tf.tidy(() => {
      const { inputs, targets } = shiftedWindows(tf.tensor2d(tokens, [rows, data.seqLen + 1], 'int32'));
      const logits = m.nextWordLogits(inputs);
      return tokenCrossEntropy(tf.reshape(logits, [-1, logits.shape[2]]), targets).loss;
    });
    const reference = Math.exp((await whole.data())[0]);
    whole.dispose();
    expect(await modelPerplexity(m, data, data.test)).toBeCloseTo(reference, 3);
    const est = perplexityEstimate(items, 5);
    expect(est.perplexity).toBeCloseTo(reference, 3);
    expect(est.low).toBeLessThanOrEqual(est.perplexity);
    expect(est.high).toBeGreaterThanOrEqual(est.perplexity);
    expect(est.high).toBeGreaterThan(est.low);
    expect(perplexityEstimate(bigramItemNll(data, data.test)).perplexity).toBeCloseTo(bigramPerplexity(data, data.test), 6);
    model.dispose();
  });

  it('textScratch trains supervised from scratch per budget and scores each on the test split, text by text, leaving no tensors', async () => {
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const points = await textScratch({ data, seed: 1, budgets: [1, 'all'], length: { steps: 1 }, onPoint: (_, done) => seen.push(done) });
    expect(points.map((p) => p.perClass)).toEqual([1, 'all']);
    expect(points.every((p) => p.correct!.length === data.test.length && p.accuracy >= 0 && p.accuracy <= 1)).toBe(true);
    expect(seen).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
