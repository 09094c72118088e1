import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { getTextMethod } from '../methods/registry';
import { Rng } from '../rng';
import { textAttention } from './attention';
import { learnVocabulary } from './tokenizer';

const vocab = learnVocabulary(['the cat sat on the mat', 'a dog ran'], 20);
const model = (id: string) =>
  getTextMethod(id).create({
    cfg: { ...defaultConfig, width: 8, depth: 2 },
    numClasses: 2,
    rng: new Rng(3),
    vocabSize: vocab.words.length,
    seqLen: 6,
  });

describe('textAttention', () => {
  it('gives per block and head a words × words map, pads cut off, rows summing to 1, causal rows blind to later words', async () => {
    const m = model('nextword');
    const before = tf.memory().numTensors;
    const a = await textAttention(m, vocab, 'the cat sat');
    expect(tf.memory().numTensors).toBe(before);
    expect(a.words).toEqual(['<bos>', 'the', 'cat', 'sat']);
    expect(a.weights).toHaveLength(2);
    for (const block of a.weights) {
      expect(block).toHaveLength(2);
      for (const head of block) {
        expect(head.map((r) => r.length)).toEqual([4, 4, 4, 4]);
        head.forEach((r, q) => {
          expect(r.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 5);
          r.forEach((w, k) => (k > q ? expect(w).toBeLessThan(1e-6) : expect(w).toBeGreaterThan(0)));
        });
      }
    }
    m.dispose();
  });

  it('cuts a long sentence at T words, and a bidirectional model looks both ways', async () => {
    const m = model('maskedword');
    const a = await textAttention(m, vocab, 'the cat sat on the mat a dog ran');
    expect(a.words).toEqual(['<bos>', 'the', 'cat', 'sat', 'on', 'the']);
    expect(a.weights[0][0][0][5]).toBeGreaterThan(0);
    m.dispose();
  });

  it("shows the previous-word model's words in the order it reads them, back to front", async () => {
    const m = model('prevword');
    expect((await textAttention(m, vocab, 'the cat sat')).words).toEqual(['sat', 'cat', 'the', '<bos>']);
    m.dispose();
  });
});
