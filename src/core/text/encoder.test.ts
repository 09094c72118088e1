import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { meanOverTokens, TextEncoder } from './encoder';

const cfg = { vocabSize: 12, seqLen: 5, width: 8, depth: 2, heads: 2 };
const tokens = () =>
  tf.tensor2d(
    [
      [3, 5, 6, 7, 0],
      [3, 8, 9, 10, 11],
    ],
    undefined,
    'int32',
  );

describe('TextEncoder', () => {
  it('shapes: hidden [B, T, d], attention [B, heads, T, T], logits [B·T, V], pooled [B, d]', () => {
    const enc = new TextEncoder(cfg, new Rng(1));
    const out = enc.apply(tokens(), 'causal');
    expect(out.hidden.shape).toEqual([2, 5, 8]);
    expect(out.attention.map((a) => a.shape)).toEqual([
      [2, 2, 5, 5],
      [2, 2, 5, 5],
    ]);
    expect(enc.logits(out.hidden).shape).toEqual([10, 12]);
    expect(enc.pooled(tokens(), 'bidirectional').shape).toEqual([2, 8]);
    enc.dispose();
  });

  it('causal attention never looks ahead; neither mask looks at pads', () => {
    const enc = new TextEncoder(cfg, new Rng(2));
    const causal = enc.apply(tokens(), 'causal').attention[0].arraySync()[0][0];
    for (let q = 0; q < 4; q++) for (let k = q + 1; k < 5; k++) expect(causal[q][k]).toBeLessThan(1e-6);
    const both = enc.apply(tokens(), 'bidirectional').attention[0].arraySync()[0][1];
    expect(both[0][4]).toBeLessThan(1e-6); // key 4 of row 0 is a pad
    expect(both[0][3]).toBeGreaterThan(1e-3); // a later word is seen
    enc.dispose();
  });

  it('a causal position does not change when later tokens change', () => {
    const enc = new TextEncoder(cfg, new Rng(3));
    const a = enc.apply(tf.tensor2d([[3, 5, 6, 7, 8]], undefined, 'int32'), 'causal').hidden.arraySync()[0];
    const b = enc.apply(tf.tensor2d([[3, 5, 9, 9, 9]], undefined, 'int32'), 'causal').hidden.arraySync()[0];
    a[1].forEach((v, i) => expect(v).toBeCloseTo(b[1][i], 5));
    expect(Math.abs(a[2][0] - b[2][0]) + Math.abs(a[2][1] - b[2][1])).toBeGreaterThan(1e-4);
    enc.dispose();
  });

  it('names a width that heads do not divide and a wrong row length', () => {
    expect(() => new TextEncoder({ ...cfg, width: 9 }, new Rng(1))).toThrow(/multiple of its 2 heads/);
    const enc = new TextEncoder(cfg, new Rng(1));
    expect(() => enc.apply(tf.zeros([1, 4], 'int32') as tf.Tensor2D, 'causal')).toThrow(/reads 5 tokens per row, got 4/);
    enc.dispose();
  });
});

describe('meanOverTokens', () => {
  it('averages non-pad positions only', () => {
    const hidden = tf.tensor3d([[[1], [3], [100]]]);
    expect(meanOverTokens(hidden, tf.tensor2d([[4, 5, 0]], undefined, 'int32')).arraySync()).toEqual([[2]]);
  });
});
