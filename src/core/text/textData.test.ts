import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { chunkedFeatures, coveringWindows, groupSplit, itemChunks, prepareText, sampleWindows } from './textData';
import { BOS } from './tokenizer';

const set = {
  texts: ['a b c d e', 'a b', 'c d e f', 'b c', 'x y z', 'y z'],
  names: ['p/one__p1.txt', 'p/one__p2.txt', 'p/two__p1.txt', 'q/three__p1.txt', 'q/four__p1.txt', 'free.txt'],
  labels: Int32Array.of(0, 0, 0, 1, 1, -1),
  classNames: ['p', 'q'],
  groups: ['p/one', 'p/one', 'p/two', 'q/three', 'q/four', 'free.txt'],
};

describe('groupSplit', () => {
  it('keeps every book on one side, holds out one book per class, trains on unlabelled items', () => {
    const { train, test } = groupSplit(set.labels, set.groups, 0.3, 1);
    const side = (i: number) => (test.includes(i) ? 'test' : 'train');
    expect(side(0)).toBe(side(1));
    expect(new Set(Array.from(test, (i) => set.labels[i]))).toEqual(new Set([0, 1]));
    expect(train.includes(5)).toBe(true);
    expect(train.length + test.length).toBe(6);
  });
});

describe('prepareText and windows', () => {
  const data = prepareText(set, { vocabSize: 30, seqLen: 3, testFraction: 0.3, seed: 1 });
  it('prepends <bos> and learns the vocabulary from the train split only', () => {
    expect(data.items.every((ids) => ids[0] === BOS)).toBe(true);
    const testWords = new Set(Array.from(data.test).flatMap((i) => set.texts[i].split(' ')));
    const trainWords = new Set(Array.from(data.train).flatMap((i) => set.texts[i].split(' ')));
    const unseen = [...testWords].filter((w) => !trainWords.has(w));
    unseen.forEach((w) => expect(data.vocab.index.has(w)).toBe(false));
  });
  it('samples windows of T + 1 ids with their labels', () => {
    const { tokens, labels } = sampleWindows(data, Int32Array.of(0), 2, new Rng(1));
    expect(tokens.length).toBe(8);
    expect(Array.from(labels)).toEqual([0, 0]);
  });
  it('covers each id after <bos> once as a target', () => {
    const { tokens, rows } = coveringWindows(data, Int32Array.of(0)); // <bos> a b c d e: 6 ids, 5 targets
    expect(rows).toBe(2);
    const targets = [...tokens.subarray(1, 4), ...tokens.subarray(5, 8)].filter((t) => t !== 0);
    expect(targets).toEqual(Array.from(data.items[0].subarray(1)));
  });
  it('averages features over the chunks that hold words', () => {
    const chunks = itemChunks(data, Int32Array.of(1), 2); // <bos> a b | pads
    expect(chunks.shape).toEqual([1, 2, 3]);
    const f = chunkedFeatures((t) => tf.cast(tf.sum(t, 1, true), 'float32') as tf.Tensor2D, chunks).arraySync();
    expect(f[0][0]).toBe(data.items[1].reduce((a, b) => a + b, 0));
  });
});
