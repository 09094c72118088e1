import * as tf from '@tensorflow/tfjs';
import { evaluateEncoder, type EncoderEvaluation } from '../eval/evaluate';
import type { TextMethodModel } from '../methods/types';
import { Bigram } from './bigram';
import { tokenCrossEntropy } from './lmLoss';
import { shiftedWindows } from './textModel';
import { chunkedFeatures, coveringWindows, itemChunks, type TextData } from './textData';

/** Windows of T ids per item a pooled feature averages over: the first FEATURE_CHUNKS·T words of each item. */
export const FEATURE_CHUNKS = 2;

/** The items as evaluateEncoder reads them: [B, FEATURE_CHUNKS, T] ids, and the model's features averaged over the chunks. */
export function textProbeInput(model: Pick<TextMethodModel, 'features'>, data: TextData) {
  return {
    model: { features: (chunks: tf.Tensor3D) => chunkedFeatures(model.features, chunks) },
    images: { gather: (idx: Int32Array) => itemChunks(data, idx, FEATURE_CHUNKS) },
  };
}

/** Linear probe, kNN and the label sweep on frozen item features of the train/test split (see eval/evaluate.ts). */
export function evaluateText(
  model: Pick<TextMethodModel, 'features'>,
  data: TextData,
  seed: number,
  budgets?: number[],
  train = data.train,
): Promise<EncoderEvaluation> {
  return evaluateEncoder({
    ...textProbeInput(model, data),
    labels: data.labels,
    split: { train, test: data.test },
    numClasses: data.numClasses,
    seed,
    budgets,
    batchSize: 32,
  });
}

/** Perplexity exp(mean NLL) of a next-word model on every word of the items at `indices` (each window restarts its context). */
export async function modelPerplexity(
  model: Required<Pick<TextMethodModel, 'nextWordLogits'>>,
  data: TextData,
  indices: Int32Array,
  batchRows = 32,
): Promise<number> {
  const { tokens, rows } = coveringWindows(data, indices);
  const w = data.seqLen + 1;
  let sum = 0;
  let count = 0;
  for (let r = 0; r < rows; r += batchRows) {
    const n = Math.min(batchRows, rows - r);
    const out = tf.tidy(() => {
      const { inputs, targets } = shiftedWindows(tf.tensor2d(tokens.subarray(r * w, (r + n) * w), [n, w], 'int32'));
      const logits = model.nextWordLogits(inputs);
      const { loss, count: c } = tokenCrossEntropy(tf.reshape(logits, [-1, logits.shape[2]]), targets);
      return tf.stack([tf.mul(loss, c), c]);
    });
    const [s, c] = await out.data();
    out.dispose();
    sum += s;
    count += c;
  }
  return Math.exp(sum / Math.max(count, 1));
}

/** The bigram model fitted on the train split, and its perplexity on exactly the words modelPerplexity scores. */
export function bigramPerplexity(data: TextData, indices: Int32Array): number {
  const bigram = new Bigram(
    Array.from(data.train, (i) => data.items[i]),
    data.vocab.words.length,
  );
  const { tokens } = coveringWindows(data, indices);
  return Math.exp(bigram.nll(tokens, data.seqLen + 1).nll);
}
