import * as tf from '@tensorflow/tfjs';
import type { TextMethodModel } from '../methods/types';
import { BOS, encode, PAD, type Vocabulary } from './tokenizer';

/** One sentence's attention in a text model: its words as the encoder read them and, per block and head, words × words weights. */
export interface TextAttention {
  words: string[]; // the N words read (`<bos>` first; back to front for a model that reads reversed), N ≤ T
  weights: number[][][][]; // [blocks][heads][N][N], rows = the word that looks (query), each row sums to 1
}

/**
 * The attention of `model` on `text` (its first T − 1 words after `<bos>`), pads cut off: the encoder reads one row
 * [1, T] the way its method trains (causal or both ways). The model's `visualize` disposes what it makes; so does this.
 */
export async function textAttention(
  model: Pick<TextMethodModel, 'encoder' | 'visualize'>,
  vocab: Vocabulary,
  text: string,
): Promise<TextAttention> {
  const { seqLen } = model.encoder.cfg;
  const ids = [BOS, ...encode(vocab, text)].slice(0, seqLen);
  const row = new Int32Array(seqLen + 1).fill(PAD); // a batch row is T + 1 ids; visualize reads the first T
  row.set(ids);
  const tokens = tf.tensor2d(row, [1, seqLen + 1], 'int32');
  const labels = tf.tensor1d([-1], 'int32');
  try {
    const view = await model.visualize({ tokens, labels });
    if (view.kind !== 'attention') throw new Error('This model shows no attention.');
    const n = ids.length;
    return {
      words: view.tokens.slice(0, n).map((id) => vocab.words[id]),
      weights: view.weights.map((block) => block.map((head) => head.slice(0, n).map((r) => r.slice(0, n)))),
    };
  } finally {
    tf.dispose([tokens, labels]);
  }
}
