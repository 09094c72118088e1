import * as tf from '@tensorflow/tfjs';
import type { Split } from '../data/split';
import { Rng } from '../rng';
import { checkTextSet, type TextSet } from './textSet';
import { BOS, encode, learnVocabulary, PAD, type Vocabulary } from './tokenizer';

/** A text dataset ready for training: ids per item, the split by group, the vocabulary learned on the train split. */
export interface TextData {
  vocab: Vocabulary;
  items: Int32Array[]; // per item: <bos> then its word ids
  labels: Int32Array; // [N] class, -1 unlabelled
  classNames: string[];
  numClasses: number; // 0 when unlabelled
  train: Int32Array;
  test: Int32Array;
  seqLen: number; // T
}

export interface TextDataOptions {
  vocabSize: number;
  seqLen: number;
  testFraction: number; // share of each class's groups held out
  seed: number;
}

/**
 * Whole groups (books) to the test side, per class: each class's groups in a seeded order, the first
 * round(testFraction · groups) of them (at least one when the class has two or more) held out. Unlabelled items train.
 */
export function groupSplit(labels: Int32Array, groups: string[], testFraction: number, seed: number): Split {
  const rng = new Rng(seed);
  const byClass = new Map<number, string[]>();
  labels.forEach((l, i) => {
    if (l < 0) return;
    const list = byClass.get(l) ?? [];
    if (!list.includes(groups[i])) list.push(groups[i]);
    byClass.set(l, list);
  });
  const held = new Set<string>();
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const gs = rng.shuffle(byClass.get(c)!.sort()) as string[];
    const k = gs.length < 2 ? 0 : Math.max(1, Math.round(testFraction * gs.length));
    gs.slice(0, k).forEach((g) => held.add(g));
  }
  const isTest = (i: number) => labels[i] >= 0 && held.has(groups[i]);
  const all = Int32Array.from(labels.keys());
  return { train: all.filter((i) => !isTest(i)), test: all.filter(isTest) };
}

export function prepareText(set: TextSet, opts: TextDataOptions): TextData {
  checkTextSet(set);
  if (set.texts.length === 0) throw new Error('The text dataset is empty.');
  const split = groupSplit(set.labels, set.groups, opts.testFraction, opts.seed);
  const vocab = learnVocabulary(
    Array.from(split.train, (i) => set.texts[i]),
    opts.vocabSize,
  );
  const items = set.texts.map((t) => Int32Array.from([BOS, ...encode(vocab, t)]));
  const numClasses = set.labels.some((l) => l >= 0) ? set.classNames.length : 0;
  return { vocab, items, labels: set.labels, classNames: set.classNames, numClasses, ...split, seqLen: opts.seqLen };
}

/** `count` windows of T + 1 ids, each from a random item of `pool` at a random start (pad after a short item's end): [count·(T+1)] and their labels. */
export function sampleWindows(data: TextData, pool: Int32Array, count: number, rng: Rng): { tokens: Int32Array; labels: Int32Array } {
  const w = data.seqLen + 1;
  const tokens = new Int32Array(count * w);
  const labels = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    const item = pool[rng.int(pool.length)];
    const ids = data.items[item];
    const start = rng.int(Math.max(1, ids.length - w + 1));
    tokens.set(ids.subarray(start, start + w), r * w);
    labels[r] = data.labels[item];
  }
  return { tokens, labels };
}

/** Items cut into consecutive windows of T + 1 ids that overlap by one, so each id after <bos> is a target exactly once: [rows·(T+1)]. */
export function coveringWindows(data: TextData, indices: Int32Array): { tokens: Int32Array; rows: number; itemRows: Int32Array } {
  const t = data.seqLen;
  const parts: Int32Array[] = [];
  const itemRows = new Int32Array(indices.length); // windows of each item, in order
  indices.forEach((i, k) => {
    const ids = data.items[i];
    for (let s = 0; s + 1 < ids.length; s += t) {
      const row = new Int32Array(t + 1).fill(PAD);
      row.set(ids.subarray(s, s + t + 1));
      parts.push(row);
      itemRows[k]++;
    }
  });
  const tokens = new Int32Array(parts.length * (t + 1));
  parts.forEach((p, r) => tokens.set(p, r * (t + 1)));
  return { tokens, rows: parts.length, itemRows };
}

/** The first `chunks`·T ids of each item as [B, chunks, T] (what a pooled feature reads; pads past an item's end). */
export function itemChunks(data: TextData, indices: Int32Array, chunks: number): tf.Tensor3D {
  const t = data.seqLen;
  const out = new Int32Array(indices.length * chunks * t);
  indices.forEach((item, r) => out.set(data.items[item].subarray(0, chunks * t), r * chunks * t));
  return tf.tensor3d(out, [indices.length, chunks, t], 'int32');
}

/** Item features [B, d]: the model's pooled features of each chunk [B, K, T], averaged over the chunks that hold words. */
export function chunkedFeatures(features: (tokens: tf.Tensor2D) => tf.Tensor2D, chunks: tf.Tensor3D): tf.Tensor2D {
  const [b, k, t] = chunks.shape;
  const f = features(tf.reshape(chunks, [b * k, t]));
  const used = tf.reshape(tf.cast(tf.any(tf.notEqual(chunks, PAD), 2), 'float32'), [b, k, 1]);
  const perChunk = tf.reshape(f, [b, k, f.shape[1]]);
  return tf.div(tf.sum(tf.mul(perChunk, used), 1), tf.maximum(tf.sum(used, 1), 1)) as tf.Tensor2D;
}
