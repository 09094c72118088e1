import * as tf from '@tensorflow/tfjs';
import { evaluateEncoder, type EncoderEvaluation } from '../eval/evaluate';
import type { TextMethodModel } from '../methods/types';
import { Bigram } from './bigram';
import { bootstrapRatio } from '../eval/stats';
import { PAD } from './tokenizer';
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

/** Per held-out item [items]: the summed negative log-likelihood (nats) of its scored words, and how many words that is. */
export interface ItemNll {
  nll: Float64Array;
  count: Float64Array;
}

/** Per-window sums folded into per-item sums (`itemRows`: the windows of each item, in order). */
function byItem(rows: ItemNll, itemRows: Int32Array): ItemNll {
  const out = { nll: new Float64Array(itemRows.length), count: new Float64Array(itemRows.length) };
  let r = 0;
  itemRows.forEach((n, k) => {
    for (const end = r + n; r < end; r++) {
      out.nll[k] += rows.nll[r];
      out.count[k] += rows.count[r];
    }
  });
  return out;
}

/** exp(ΣNLL / Σwords): the perplexity of every scored word together. */
export const perplexityOf = ({ nll, count }: ItemNll) =>
  Math.exp(
    nll.reduce((a, b) => a + b, 0) /
      Math.max(
        1,
        count.reduce((a, b) => a + b, 0),
      ),
  );

/** A perplexity with its 95 % interval: a seeded bootstrap over the held-out items (the words of one item are not independent). */
export interface PerplexityEstimate {
  perplexity: number;
  low: number;
  high: number;
  items: number;
}

export function perplexityEstimate(items: ItemNll, seed = 1): PerplexityEstimate {
  const { low, high } = bootstrapRatio(items.nll, items.count, { seed });
  return { perplexity: perplexityOf(items), low: Math.exp(low), high: Math.exp(high), items: items.nll.length };
}

/** A next-word model's per-item NLL on every word of the items at `indices` (each window restarts its context). */
export async function modelItemNll(
  model: Required<Pick<TextMethodModel, 'nextWordLogits'>>,
  data: TextData,
  indices: Int32Array,
  batchRows = 32,
): Promise<ItemNll> {
  const { tokens, rows, itemRows } = coveringWindows(data, indices);
  const w = data.seqLen + 1;
  const perRow = { nll: new Float64Array(rows), count: new Float64Array(rows) };
  for (let r = 0; r < rows; r += batchRows) {
    const n = Math.min(batchRows, rows - r);
    const out = tf.tidy(() => {
      const { inputs, targets } = shiftedWindows(tf.tensor2d(tokens.subarray(r * w, (r + n) * w), [n, w], 'int32'));
      const logits = model.nextWordLogits(inputs);
      const v = logits.shape[2];
      const flat = tf.add(tf.mul(tf.range(0, n * (w - 1), 1, 'int32'), tf.scalar(v, 'int32')), targets);
      const picked = tf.reshape(tf.gather(tf.reshape(tf.logSoftmax(logits), [-1]), flat), [n, w - 1]);
      const scored = tf.reshape(tf.cast(tf.notEqual(targets, PAD), 'float32'), [n, w - 1]);
      return tf.stack([tf.neg(tf.sum(tf.mul(picked, scored), 1)), tf.sum(scored, 1)]);
    });
    const values = await out.data();
    out.dispose();
    perRow.nll.set(values.subarray(0, n), r);
    perRow.count.set(values.subarray(n, 2 * n), r);
  }
  return byItem(perRow, itemRows);
}

/** Perplexity exp(mean NLL) of a next-word model on every word of the items at `indices`. */
export async function modelPerplexity(
  model: Required<Pick<TextMethodModel, 'nextWordLogits'>>,
  data: TextData,
  indices: Int32Array,
): Promise<number> {
  return perplexityOf(await modelItemNll(model, data, indices));
}

/** The bigram model fitted on the train split, and its per-item NLL on exactly the words modelItemNll scores. */
export function bigramItemNll(data: TextData, indices: Int32Array): ItemNll {
  const bigram = new Bigram(
    Array.from(data.train, (i) => data.items[i]),
    data.vocab.words.length,
  );
  const { tokens, itemRows } = coveringWindows(data, indices);
  return byItem(bigram.rowNll(tokens, data.seqLen + 1), itemRows);
}

export const bigramPerplexity = (data: TextData, indices: Int32Array) => perplexityOf(bigramItemNll(data, indices));
