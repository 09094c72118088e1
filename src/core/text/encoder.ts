import * as tf from '@tensorflow/tfjs';
import { applyDense, applyLayerNorm, dense, ParamStore, type Dense } from '../models/layers';
import { Rng } from '../random';
import { PAD } from './tokenizer';

export interface TextEncoderConfig {
  vocabSize: number; // embedding rows (ids 0…vocabSize−1)
  seqLen: number; // positions the encoder reads, T
  width: number; // model width d (a multiple of heads)
  depth: number; // transformer blocks
  heads: number; // attention heads per block
}

/** Who may attend to whom: every token to every non-pad token, or (causal) only to itself and earlier ones. */
export type AttentionMask = 'bidirectional' | 'causal';

interface Norm {
  gamma: tf.Variable; // [d]
  beta: tf.Variable; // [d]
}

interface Block {
  norm1: Norm;
  qkv: Dense; // [d, 3d]
  out: Dense; // [d, d]
  norm2: Norm;
  up: Dense; // [d, 2d]
  down: Dense; // [2d, d]
}

export interface TextEncoderOutput {
  hidden: tf.Tensor3D; // [B, T, d] after the final layer norm
  attention: tf.Tensor4D[]; // per block [B, heads, T, T] softmax weights (rows: queries)
}

/**
 * A small pre-norm transformer over token ids: embedding + learned positions, `depth` blocks of multi-head
 * self-attention and a 2d-wide MLP, a final layer norm. The embedding doubles as the output layer (tied weights),
 * so `logits` costs no extra parameters. Pads (id 0) are never attended to and are left out of the pooled mean.
 */
export class TextEncoder {
  readonly store: ParamStore;
  readonly embedding: tf.Variable; // [V, d]
  private readonly position: tf.Variable; // [T, d]
  private readonly blocks: Block[] = [];
  private readonly finalNorm: Norm;

  constructor(
    readonly cfg: TextEncoderConfig,
    rng: Rng,
  ) {
    if (cfg.width % cfg.heads !== 0) throw new Error(`Text encoder width ${cfg.width} is not a multiple of its ${cfg.heads} heads`);
    this.store = new ParamStore('encoder', rng);
    const d = cfg.width;
    this.embedding = this.store.kernel('embedding', [cfg.vocabSize, d]);
    this.position = this.store.constant('position', [cfg.seqLen, d], 0);
    const norm = (name: string): Norm => ({
      gamma: this.store.constant(`${name}/gamma`, [d], 1),
      beta: this.store.constant(`${name}/beta`, [d], 0),
    });
    for (let b = 0; b < cfg.depth; b++) {
      const s = this.store;
      this.blocks.push({
        norm1: norm(`block${b}/norm1`),
        qkv: dense(s, `block${b}/qkv`, d, 3 * d),
        out: dense(s, `block${b}/out`, d, d),
        norm2: norm(`block${b}/norm2`),
        up: dense(s, `block${b}/up`, d, 2 * d),
        down: dense(s, `block${b}/down`, 2 * d, d),
      });
    }
    this.finalNorm = norm('final');
  }

  get featureDim(): number {
    return this.cfg.width;
  }

  get variables(): tf.Variable[] {
    return this.store.list();
  }

  /** tokens [B, T] int32 (T = cfg.seqLen, 0 = pad) → hidden states and attention weights. */
  apply(tokens: tf.Tensor2D, mask: AttentionMask): TextEncoderOutput {
    const [b, t] = tokens.shape;
    if (t !== this.cfg.seqLen) throw new Error(`Text encoder reads ${this.cfg.seqLen} tokens per row, got ${t}`);
    const d = this.cfg.width;
    const bias = attentionBias(tokens, mask); // [B, 1, T, T]
    let x = tf.reshape(tf.add(tf.gather(this.embedding, tokens), this.position), [b * t, d]) as tf.Tensor2D;
    const attention: tf.Tensor4D[] = [];
    for (const block of this.blocks) {
      const { out, weights } = this.attend(block, applyLayerNorm(block.norm1, x), bias, b);
      attention.push(weights);
      x = tf.add(x, out);
      x = tf.add(x, applyDense(block.down, tf.relu(applyDense(block.up, applyLayerNorm(block.norm2, x)))));
    }
    return { hidden: tf.reshape(applyLayerNorm(this.finalNorm, x), [b, t, d]) as tf.Tensor3D, attention };
  }

  /** Multi-head attention on normed rows x [B·T, d]; `bias` adds −1e9 where a query must not look. */
  private attend(block: Block, x: tf.Tensor2D, bias: tf.Tensor4D, b: number): { out: tf.Tensor2D; weights: tf.Tensor4D } {
    const { seqLen: t, width: d, heads: h } = this.cfg;
    const dh = d / h;
    const qkv = tf.transpose(tf.reshape(applyDense(block.qkv, x), [b, t, 3, h, dh]), [2, 0, 3, 1, 4]); // [3, B, h, T, dh]
    const [q, k, v] = tf.unstack(qkv) as tf.Tensor4D[];
    const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh)), bias);
    const weights = tf.softmax(scores) as tf.Tensor4D;
    const mixed = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [b * t, d]) as tf.Tensor2D;
    return { out: applyDense(block.out, mixed), weights };
  }

  /** Next-token logits [B·T, V] from hidden states, through the tied embedding. */
  logits(hidden: tf.Tensor3D): tf.Tensor2D {
    const [b, t, d] = hidden.shape;
    return tf.matMul(tf.reshape(hidden, [b * t, d]) as tf.Tensor2D, this.embedding as tf.Tensor2D, false, true);
  }

  /** Pooled features [B, d]: the mean of the hidden states over each row's non-pad tokens. */
  pooled(tokens: tf.Tensor2D, mask: AttentionMask): tf.Tensor2D {
    return meanOverTokens(this.apply(tokens, mask).hidden, tokens);
  }

  dispose(): void {
    this.store.dispose();
  }
}

/** [B, 1, T, T] additive mask: −1e9 on pad keys, and (causal) on keys after the query. */
function attentionBias(tokens: tf.Tensor2D, mask: AttentionMask): tf.Tensor4D {
  const [b, t] = tokens.shape;
  const padKey = tf.reshape(tf.mul(tf.cast(tf.equal(tokens, PAD), 'float32'), -1e9), [b, 1, 1, t]);
  if (mask === 'bidirectional') return tf.tile(padKey, [1, 1, t, 1]) as tf.Tensor4D;
  const later = tf.sub(1, tf.linalg.bandPart(tf.ones([t, t]), -1, 0)); // 1 where key > query
  return tf.add(padKey, tf.reshape(tf.mul(later, -1e9), [1, 1, t, t])) as tf.Tensor4D;
}

/** Mean of hidden [B, T, d] over the positions where tokens [B, T] are not pad (a row of pads pools to 0). */
export function meanOverTokens(hidden: tf.Tensor3D, tokens: tf.Tensor2D): tf.Tensor2D {
  const keep = tf.expandDims(tf.cast(tf.notEqual(tokens, PAD), 'float32'), 2); // [B, T, 1]
  return tf.div(tf.sum(tf.mul(hidden, keep), 1), tf.maximum(tf.sum(keep, 1), 1)) as tf.Tensor2D;
}
