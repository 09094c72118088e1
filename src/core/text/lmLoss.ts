import * as tf from '@tensorflow/tfjs';
import { PAD } from './tokenizer';

export interface TokenLoss {
  loss: tf.Scalar; // mean negative log-likelihood (nats) over the counted rows
  accuracy: tf.Scalar; // share of counted rows whose argmax is the target
  count: tf.Scalar; // rows counted
}

/**
 * Softmax cross-entropy of logits [N, V] against target ids [N], counting only rows whose target is not pad and,
 * when given, whose `weights` [N] (0/1) is 1.
 */
export function tokenCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, weights?: tf.Tensor1D): TokenLoss {
  const notPad = tf.cast(tf.notEqual(targets, PAD), 'float32') as tf.Tensor1D;
  return maskedCrossEntropy(logits, targets, weights ? tf.mul(notPad, weights) : notPad);
}

/**
 * Softmax cross-entropy over the rows where `keep` [N] is 1 (targets elsewhere may be anything, even −1). Picks each
 * row's log-probability by a flat gather instead of a one-hot [N, V] product: less memory with a vocabulary of thousands.
 */
export function maskedCrossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D, keep: tf.Tensor1D): TokenLoss {
  const [n, v] = logits.shape;
  const safe = tf.maximum(targets, tf.scalar(0, 'int32'));
  const flat = tf.add(tf.mul(tf.range(0, n, 1, 'int32'), tf.scalar(v, 'int32')), safe);
  const picked = tf.gather(tf.reshape(tf.logSoftmax(logits), [n * v]), flat);
  const count = tf.sum(keep) as tf.Scalar;
  const denom = tf.maximum(count, 1);
  const loss = tf.div(tf.neg(tf.sum(tf.mul(picked, keep))), denom) as tf.Scalar;
  const hits = tf.mul(tf.cast(tf.equal(tf.argMax(logits, -1), targets), 'float32'), keep);
  return { loss, accuracy: tf.div(tf.sum(hits), denom) as tf.Scalar, count };
}

/**
 * Reverses each row's tokens before its trailing pads, [B, T] → [B, T]: "the cat sat <pad>" → "sat cat the <pad>".
 * What the previous-word model reads, so that predicting the previous word is next-word prediction on reversed text.
 */
export function reverseTokens(tokens: tf.Tensor2D): tf.Tensor2D {
  const t = tokens.shape[1];
  const n = tf.sum(tf.cast(tf.notEqual(tokens, PAD), 'int32'), 1, true); // [B, 1]
  const j = tf.range(0, t, 1, 'int32').reshape([1, t]);
  const from = tf.where(tf.less(j, n), tf.sub(tf.sub(n, tf.scalar(1, 'int32')), j), tf.add(j, tf.zerosLike(n))); // [B, T]
  return tf.gather(tokens, from, 1, 1) as tf.Tensor2D;
}
