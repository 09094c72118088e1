import * as tf from '@tensorflow/tfjs';
import type { StepOutput, TextBatch, TextMethodModel, TextMethodSetup, TextView } from '../methods/types';
import type { Rng } from '../random';
import { TextEncoder, type AttentionMask } from './encoder';
import { reverseTokens, tokenCrossEntropy } from './lmLoss';

/** The encoder every text method builds from its setup: the run's width and depth, 2 heads. */
export function textEncoder(setup: TextMethodSetup): TextEncoder {
  const { cfg, vocabSize, seqLen, rng } = setup;
  return new TextEncoder({ vocabSize, seqLen, width: cfg.width, depth: cfg.depth, heads: 2 }, rng);
}

export interface TextModelParts {
  encoder: TextEncoder;
  mask: AttentionMask; // how the encoder reads, in training and for features
  reversed?: boolean; // the encoder reads every row back to front (the previous-word model)
  heads?: { variables: tf.Variable[]; dispose(): void }; // what the method trains beside the encoder
  step(batch: TextBatch, rng: Rng): StepOutput;
}

/** A TextMethodModel around an encoder: input, features and the attention view follow from how the method reads. */
export function textModel(parts: TextModelParts): TextMethodModel {
  const { encoder, mask } = parts;
  const input = (tokens: tf.Tensor2D) => (parts.reversed ? reverseTokens(tokens) : tokens);
  return {
    encoder,
    variables: [...encoder.variables, ...(parts.heads?.variables ?? [])],
    step: parts.step,
    input,
    features: (tokens) => encoder.pooled(input(tokens), mask),
    async visualize(batch): Promise<TextView> {
      const row = tf.tidy(() => input(tf.slice(batch.tokens, [0, 0], [1, encoder.cfg.seqLen])));
      const weights = tf.tidy(() => tf.stack(encoder.apply(row, mask).attention.map((w) => tf.squeeze(w, [0]))));
      const [tokens, w] = [(await row.array())[0], (await weights.array()) as number[][][][]];
      tf.dispose([row, weights]);
      return { kind: 'attention', tokens, weights: w };
    },
    dispose() {
      encoder.dispose();
      parts.heads?.dispose();
    },
  };
}

/** The first T ids of each window [B, T + 1] and the ids one place later: inputs and next-word targets. */
export function shiftedWindows(tokens: tf.Tensor2D): { inputs: tf.Tensor2D; targets: tf.Tensor1D } {
  const [b, t1] = tokens.shape;
  return { inputs: tf.slice(tokens, [0, 0], [b, t1 - 1]), targets: tf.reshape(tf.slice(tokens, [0, 1], [b, t1 - 1]), [-1]) as tf.Tensor1D };
}

/** Next-word cross-entropy of a causal encoder on windows [B, T + 1] (reversed first for the previous-word model). */
export function causalStep(encoder: TextEncoder, windows: tf.Tensor2D): StepOutput {
  const { inputs, targets } = shiftedWindows(windows);
  const { loss, accuracy } = tokenCrossEntropy(encoder.logits(encoder.apply(inputs, 'causal').hidden), targets);
  return { loss, metrics: { perplexity: tf.exp(loss) as tf.Scalar, accuracy } };
}

/** Next-word logits [B, T, V] of a causal encoder for ids [B, T]. */
export function causalLogits(encoder: TextEncoder, tokens: tf.Tensor2D): tf.Tensor3D {
  const [b, t] = tokens.shape;
  return tf.reshape(encoder.logits(encoder.apply(tokens, 'causal').hidden), [b, t, encoder.cfg.vocabSize]);
}
