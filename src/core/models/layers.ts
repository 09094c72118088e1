import * as tf from '@tensorflow/tfjs';
import { Rng } from '../random';

/** A named bag of trainable variables. Names are stable: they key checkpoints. */
export class ParamStore {
  readonly vars = new Map<string, tf.Variable>();

  constructor(readonly prefix: string, private readonly rng: Rng) {}

  /** He-normal kernel (fan-in over all but the last axis). */
  kernel(name: string, shape: number[]): tf.Variable {
    const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const init = tf.tidy(() => tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', this.rng.seed()));
    return this.add(name, init);
  }

  constant(name: string, shape: number[], value: number): tf.Variable {
    return this.add(name, tf.fill(shape, value));
  }

  private add(name: string, init: tf.Tensor): tf.Variable {
    const full = `${this.prefix}/${name}`;
    if (this.vars.has(full)) throw new Error(`Duplicate parameter ${full}`);
    const v = tf.variable(init, true);
    init.dispose();
    this.vars.set(full, v);
    return v;
  }

  list(): tf.Variable[] {
    return [...this.vars.values()];
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

export interface Conv {
  kernel: tf.Variable; // [k, k, cin, cout]
  bias: tf.Variable; // [cout]
}

export function conv(store: ParamStore, name: string, k: number, cin: number, cout: number): Conv {
  return { kernel: store.kernel(`${name}/kernel`, [k, k, cin, cout]), bias: store.constant(`${name}/bias`, [cout], 0) };
}

/** conv + bias as one fused kernel (one pass over the output instead of two). */
export function applyConv(c: Conv, x: tf.Tensor4D, stride = 1, pad: 'same' | 'valid' = 'same', activation: 'linear' | 'relu' = 'linear'): tf.Tensor4D {
  return tf.fused.conv2d({ x, filter: c.kernel as tf.Tensor4D, strides: stride, pad, bias: c.bias, activation });
}

export interface Dense {
  kernel: tf.Variable; // [in, out]
  bias: tf.Variable; // [out]
}

export function dense(store: ParamStore, name: string, cin: number, cout: number): Dense {
  return { kernel: store.kernel(`${name}/kernel`, [cin, cout]), bias: store.constant(`${name}/bias`, [cout], 0) };
}

export function applyDense(d: Dense, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, d.kernel as tf.Tensor2D), d.bias);
}

export interface GroupNorm {
  gamma: tf.Variable; // [c]
  beta: tf.Variable; // [c]
  groups: number;
}

/** Group norm: statistics per sample, never across the batch (safe for CPC's patches). */
export function groupNorm(store: ParamStore, name: string, channels: number, groups = 4): GroupNorm {
  const g = Math.max(1, Math.min(groups, channels));
  if (channels % g !== 0) throw new Error(`GroupNorm: ${channels} channels not divisible by ${g} groups`);
  return { gamma: store.constant(`${name}/gamma`, [channels], 1), beta: store.constant(`${name}/beta`, [channels], 0), groups: g };
}

export function applyGroupNorm(n: GroupNorm, x: tf.Tensor4D, eps = 1e-5): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const grouped = tf.reshape(x, [b, h * w, n.groups, c / n.groups]);
  const { mean, variance } = tf.moments(grouped, [1, 3], true);
  const normed = tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(tf.reshape(normed, [b, h, w, c]), n.gamma), n.beta);
}

/** Layer norm over the last axis of a [n, d] tensor. */
export function applyLayerNorm(n: { gamma: tf.Variable; beta: tf.Variable }, x: tf.Tensor2D, eps = 1e-5): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), n.gamma), n.beta);
}
