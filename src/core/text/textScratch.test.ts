import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { tinyTextSet } from '../../worker/tinyTextSet';
import { prepareText } from './textData';
import { textScratch } from './textScratch';

describe('textScratch', () => {
  it('trains supervised from scratch per budget and scores each on the test split, text by text, leaving no tensors', async () => {
    const data = prepareText(tinyTextSet(), { vocabSize: 20, seqLen: 8, testFraction: 0.5, seed: 1 });
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const points = await textScratch({ data, seed: 1, budgets: [1, 'all'], length: { steps: 1 }, onPoint: (_, done) => seen.push(done) });
    expect(points.map((p) => p.perClass)).toEqual([1, 'all']);
    expect(points.every((p) => p.correct!.length === data.test.length && p.accuracy >= 0 && p.accuracy <= 1)).toBe(true);
    expect(seen).toEqual([1, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
