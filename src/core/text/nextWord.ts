import * as tf from '@tensorflow/tfjs';
import type { TextMethodModel } from '../methods/types';
import { BOS, encode, PAD, type Vocabulary } from './tokenizer';

/** What the stepper shows for one position: the words so far, the true next word, the model's top k and the truth's rank (1 = best). */
export interface NextWordGuess {
  context: string[];
  truth: string;
  top: { word: string; p: number }[];
  truthRank: number;
}

/**
 * The model's guesses for every next word of `text` (its first T words after <bos>): position i shows the words before
 * word i, the model's k likeliest words and the rank of word i among all. Runs the model once; disposes what it makes.
 */
export async function nextWordGuesses(
  model: Pick<Required<TextMethodModel>, 'nextWordLogits' | 'encoder'>,
  vocab: Vocabulary,
  text: string,
  k: number,
): Promise<NextWordGuess[]> {
  const { seqLen } = model.encoder.cfg;
  const ids = [BOS, ...encode(vocab, text)].slice(0, seqLen + 1);
  if (ids.length < 2) return [];
  const row = new Int32Array(seqLen).fill(PAD);
  row.set(ids.slice(0, seqLen));
  const probs = tf.tidy(() => tf.softmax(tf.squeeze(model.nextWordLogits(tf.tensor2d(row, [1, seqLen], 'int32')), [0])));
  const p = (await probs.data()) as Float32Array;
  probs.dispose();
  const v = vocab.words.length;
  const guesses: NextWordGuess[] = [];
  for (let i = 1; i < ids.length; i++) {
    const dist = p.subarray((i - 1) * v, i * v);
    const truth = ids[i];
    const order = Array.from(dist.keys()).sort((a, b) => dist[b] - dist[a]);
    guesses.push({
      context: ids.slice(1, i).map((id) => vocab.words[id]),
      truth: vocab.words[truth],
      top: order.slice(0, k).map((id) => ({ word: vocab.words[id], p: dist[id] })),
      truthRank: order.indexOf(truth) + 1,
    });
  }
  return guesses;
}
