import * as tf from '@tensorflow/tfjs';
import { Rng } from '../rng';
import { channelSum, groupMean, spatialMean } from './reduce';
import { normGroups } from './shapes';

/** A named bag of trainable variables. Names are stable: they key checkpoints. */
export class ParamStore {
  readonly vars = new Map<string, tf.Variable>();

  constructor(
    readonly prefix: string,
    private readonly rng: Rng,
  ) {}

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

/**
 * conv + bias (+ ReLU) as tfjs' FusedConv2D kernel (one pass over the output instead of two), run directly so that its
 * gradient is the one registered below, not tf.fused.conv2d's, which computes every part of it eagerly.
 */
export function applyConv(
  c: Conv,
  x: tf.Tensor4D,
  stride = 1,
  pad: 'same' | 'valid' = 'same',
  activation: 'linear' | 'relu' = 'linear',
): tf.Tensor4D {
  const attrs = { strides: stride, pad, dataFormat: 'NHWC', dilations: 1, activation };
  return tf.engine().runKernel(tf.FusedConv2D, { x, filter: c.kernel, bias: c.bias }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

/**
 * The gradient of FusedConv2D (only applyConv runs that kernel at the top level: tf.fused.conv2d wraps it in a gradient
 * of its own): tfjs' two backprop convolutions and, for the bias, Σ_{b,h,w} dy as a channel sum (see reduce.ts). Each
 * part is computed only when backprop asks for it, which it does for the inputs on a path from the variables only: the
 * encoder's first layer never computes the gradient of the image, a convolution as large as its filter gradient.
 */
tf.registerGradient({
  kernelName: tf.FusedConv2D,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as tf.Tensor4D[];
    const { strides, pad, activation } = attrs as unknown as tf.FusedConv2DAttrs;
    if (activation !== 'linear' && activation !== 'relu') throw new Error(`FusedConv2D's gradient: no ${activation} activation here`);
    const dyAct = (activation === 'relu' ? tf.mul(dy as tf.Tensor, tf.step(y)) : dy) as tf.Tensor4D;
    const conv = { strides, pad, dataFormat: 'NHWC' };
    return {
      x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: dyAct, filter }, { ...conv, inputShape: x.shape }) as tf.Tensor,
      filter: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: dyAct }, { ...conv, filterShape: filter.shape }) as tf.Tensor,
      bias: () => channelSum(dyAct),
    };
  },
});

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
  const g = normGroups(channels, groups);
  return { gamma: store.constant(`${name}/gamma`, [channels], 1), beta: store.constant(`${name}/beta`, [channels], 0), groups: g };
}

/**
 * Group norm with its closed-form gradient. Statistics come from per-channel spatial means (reduce.ts), averaged
 * within each group; every full-size pass is an elementwise op against a [b, 1, 1, c] tensor. Maths as
 * (x − mean) / sqrt(var + eps) · gamma + beta with the two-pass variance.
 */
export function applyGroupNorm(n: GroupNorm, x: tf.Tensor4D, eps = 1e-5): tf.Tensor4D {
  const op = tf.customGrad((input, gamma, beta, save) => {
    const x4 = input as tf.Tensor4D;
    const mean = groupMean(spatialMean(x4), n.groups);
    const centred = tf.sub(x4, mean) as tf.Tensor4D;
    const rstd = tf.rsqrt(tf.add(groupMean(spatialMean(tf.square(centred)), n.groups), eps));
    const scale = tf.mul(rstd, gamma as tf.Tensor);
    (save as tf.GradSaveFunc)([centred, rstd, scale]);
    return {
      value: tf.add(tf.mul(centred, scale), beta as tf.Tensor) as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor, [c, r, k]: tf.Tensor[]) =>
        groupNormGrad(n.groups, dy as tf.Tensor4D, c as tf.Tensor4D, r as tf.Tensor4D, k as tf.Tensor4D, gamma as tf.Tensor1D),
    };
  });
  return op(x, n.gamma, n.beta) as tf.Tensor4D;
}

/**
 * Gradients of group norm w.r.t. x, gamma and beta. With x̂ = (x − mean)·rstd and means over a group's elements:
 * dx = rstd·(gamma·dy − mean(gamma·dy) − x̂·mean(gamma·dy·x̂)), dgamma = Σ dy·x̂, dbeta = Σ dy (over b, h, w).
 * `centred` is x − mean; `rstd` and `scale` (= rstd·gamma) are [b, 1, 1, c], each channel holding its group's value.
 */
function groupNormGrad(
  groups: number,
  dy: tf.Tensor4D,
  centred: tf.Tensor4D,
  rstd: tf.Tensor4D,
  scale: tf.Tensor4D,
  gamma: tf.Tensor1D,
): tf.Tensor[] {
  const hw = dy.shape[1] * dy.shape[2];
  const dyMean = spatialMean(dy); // [b, 1, 1, c]: Σ_hw dy / hw
  const dyXhatMean = tf.mul(spatialMean(tf.mul(dy, centred) as tf.Tensor4D), rstd); // Σ_hw dy·x̂ / hw
  const m1 = groupMean(tf.mul(dyMean, gamma), groups);
  const m2 = groupMean(tf.mul(dyXhatMean, gamma), groups);
  const dx = tf.add(tf.mul(dy, scale), tf.add(tf.mul(centred, tf.neg(tf.mul(tf.square(rstd), m2))), tf.neg(tf.mul(rstd, m1))));
  const dGamma = tf.mul(tf.sum(dyXhatMean, [0, 1, 2]), hw);
  const dBeta = tf.mul(tf.sum(dyMean, [0, 1, 2]), hw);
  return [dx, dGamma, dBeta];
}

/** Layer norm over the last axis of a [n, d] tensor. */
export function applyLayerNorm(n: { gamma: tf.Variable; beta: tf.Variable }, x: tf.Tensor2D, eps = 1e-5): tf.Tensor2D {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), n.gamma), n.beta);
}
