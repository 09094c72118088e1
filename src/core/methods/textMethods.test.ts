import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { Rng } from '../random';
import { nextWordGuesses } from '../text/nextWord';
import { learnVocabulary } from '../text/tokenizer';
import { textMethodIds } from './catalog';
import { getTextMethod, textRegistry } from './registry';

const setup = (numClasses: number) => ({
  cfg: { ...defaultConfig, width: 8, depth: 1, params: {} },
  numClasses,
  rng: new Rng(1),
  vocabSize: 20,
  seqLen: 6,
});
const batch = () => ({
  tokens: tf.tensor2d(
    [
      [3, 5, 6, 7, 8, 9, 10],
      [3, 11, 12, 0, 0, 0, 0],
    ],
    undefined,
    'int32',
  ),
  labels: tf.tensor1d([0, 1], 'int32'),
});

describe('text methods', () => {
  it('every text catalog id has an implementation with modality text', () => {
    expect(Object.keys(textRegistry).sort()).toEqual([...textMethodIds].sort());
    textMethodIds.forEach((id) => expect(getTextMethod(id).modality).toBe('text'));
    expect(() => getTextMethod('rotation')).toThrow(/Unknown text method "rotation"/);
  });

  for (const id of textMethodIds) {
    it(`${id}: a finite loss with a gradient for every variable, its metrics, features [B, d]`, () => {
      const method = getTextMethod(id);
      const model = method.create(setup(2));
      const out = model.step(batch(), new Rng(2));
      expect(Object.keys(out.metrics).sort()).toEqual([...method.metricNames].sort());
      expect(Number.isFinite(out.loss.arraySync())).toBe(true);
      if (method.trainable) {
        const { grads } = tf.variableGrads(() => model.step(batch(), new Rng(2)).loss, model.variables);
        expect(Object.keys(grads).length).toBe(model.variables.length);
      } else expect(model.variables).toEqual([]);
      expect(model.features(tf.slice(batch().tokens, [0, 0], [2, 6])).shape).toEqual([2, 8]);
      model.dispose();
    });
  }

  it('a fresh language model is near uniform: perplexity about the vocabulary size', () => {
    const model = getTextMethod('nextword').create(setup(0));
    const p = model.step(batch(), new Rng(1)).metrics.perplexity.arraySync();
    expect(p).toBeGreaterThan(10);
    expect(p).toBeLessThan(40);
    model.dispose();
  });

  it('supervised needs two classes and says so', () => {
    expect(() => getTextMethod('supervised').create(setup(1))).toThrow(/at least 2 classes/);
  });

  it('masked word names a hidden share outside (0, 1)', () => {
    expect(() => getTextMethod('maskedword').create({ ...setup(0), cfg: { ...setup(0).cfg, params: { maskRate: 1 } } })).toThrow(
      /between 0 and 1/,
    );
  });
});

describe('nextWordGuesses', () => {
  it('one guess per word with top-k sorted probabilities and the true word ranked', async () => {
    const vocab = learnVocabulary(['the cat sat on the mat'], 20);
    const model = getTextMethod('nextword').create({ ...setup(0), vocabSize: vocab.words.length });
    const guesses = await nextWordGuesses(model as Required<typeof model>, vocab, 'The cat sat', 3);
    expect(guesses.map((g) => g.truth)).toEqual(['the', 'cat', 'sat']);
    expect(guesses[2].context).toEqual(['the', 'cat']);
    const g = guesses[1];
    expect(g.top.length).toBe(3);
    expect(g.top[0].p).toBeGreaterThanOrEqual(g.top[1].p);
    expect(g.truthRank).toBeGreaterThanOrEqual(1);
    expect(g.truthRank).toBeLessThanOrEqual(vocab.words.length);
    model.dispose();
  });
});
