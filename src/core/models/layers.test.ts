import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { useCpuBackend } from '../testUtils';
import { applyConv, applyGroupNorm, conv, groupNorm, ParamStore, type GroupNorm } from './layers';

/** The textbook formulation (tf.moments over a [b, hw, g, c/g] view, autodiff): the reference for the fused op. */
function referenceGroupNorm(n: GroupNorm, x: tf.Tensor4D, eps = 1e-5): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const grouped = tf.reshape(x, [b, h * w, n.groups, c / n.groups]);
  const { mean, variance } = tf.moments(grouped, [1, 3], true);
  const normed = tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(tf.reshape(normed, [b, h, w, c]), n.gamma), n.beta);
}

function randomTensor(shape: number[], rng: Rng, shift = 0, spread = 1): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => shift + spread * (2 * rng.next() - 1)),
    shape,
  );
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  expect(a.shape).toEqual(b.shape);
  return (await tf.max(tf.abs(tf.sub(a, b))).data())[0];
}

describe('applyGroupNorm', () => {
  beforeAll(useCpuBackend);

  // [b, h, w, c], groups, input offset (a large mean tests the centring)
  const cases: [number[], number, number][] = [
    [[2, 4, 4, 8], 4, 0],
    [[3, 5, 3, 6], 2, 3],
    [[2, 1, 1, 4], 1, 0.5],
    [[1, 6, 6, 12], 4, -20],
  ];

  it.each(cases)('matches the moments formulation and its autodiff gradients (%j, %i groups, offset %d)', async (shape, groups, shift) => {
    const rng = new Rng(shape.reduce((a, b) => a * b, groups));
    const store = new ParamStore('t', rng);
    const n = groupNorm(store, 'gn', shape[3], groups);
    n.gamma.assign(randomTensor([shape[3]], rng, 1, 0.5) as tf.Tensor1D);
    n.beta.assign(randomTensor([shape[3]], rng) as tf.Tensor1D);
    const x = randomTensor(shape, rng, shift, 2) as tf.Tensor4D;
    const dy = randomTensor(shape, rng) as tf.Tensor4D;
    // Gradients of Σ dy·y w.r.t. x, gamma and beta, for one implementation.
    const grads = (f: typeof applyGroupNorm) =>
      tf.grads((xi: tf.Tensor, g: tf.Tensor, bt: tf.Tensor) =>
        tf.sum(tf.mul(f({ gamma: g as tf.Variable, beta: bt as tf.Variable, groups: n.groups }, xi as tf.Tensor4D), dy)),
      )([x, n.gamma, n.beta]);

    const ours = applyGroupNorm(n, x),
      ref = referenceGroupNorm(n, x);
    expect(await maxAbsDiff(ours, ref)).toBeLessThan(1e-4);
    const [gx, gg, gb] = grads(applyGroupNorm),
      [rx, rg, rb] = grads(referenceGroupNorm);
    expect(await maxAbsDiff(gx, rx)).toBeLessThan(1e-4);
    expect(await maxAbsDiff(gg, rg)).toBeLessThan(1e-4);
    expect(await maxAbsDiff(gb, rb)).toBeLessThan(1e-4);
    // The gradients are not trivially zero (so the comparison means something).
    expect((await tf.max(tf.abs(gx)).data())[0]).toBeGreaterThan(1e-3);
    tf.dispose([x, dy, ours, ref, gx, gg, gb, rx, rg, rb]);
    store.dispose();
  });

  it('normalizes each group of each sample to zero mean and unit variance', async () => {
    const rng = new Rng(5);
    const store = new ParamStore('t', rng);
    const n = groupNorm(store, 'gn', 8, 2);
    const x = randomTensor([2, 4, 4, 8], rng, 5, 3) as tf.Tensor4D;
    const grouped = tf.reshape(applyGroupNorm(n, x), [2, 16, 2, 4]);
    const { mean, variance } = tf.moments(grouped, [1, 3]);
    for (const m of await mean.data()) expect(Math.abs(m)).toBeLessThan(1e-4);
    for (const v of await variance.data()) expect(Math.abs(v - 1)).toBeLessThan(1e-3);
    tf.dispose([x, grouped, mean, variance]);
    store.dispose();
  });

  it('leaks no tensors through a gradient step', () => {
    const store = new ParamStore('t', new Rng(2));
    const n = groupNorm(store, 'gn', 4, 2);
    const x = randomTensor([2, 3, 3, 4], new Rng(3)) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(applyGroupNorm(n, x))), store.list());
    expect(tf.memory().numTensors).toBe(before + 3); // the value and two gradients
    tf.dispose(Object.values(grads));
    x.dispose();
    store.dispose();
  });
});

describe('applyConv', () => {
  beforeAll(useCpuBackend);

  // input shape, stride, padding, activation
  const cases: [number[], number, 'same' | 'valid', 'linear' | 'relu'][] = [
    [[2, 6, 6, 3], 1, 'same', 'linear'],
    [[2, 7, 5, 4], 2, 'same', 'relu'],
    [[3, 6, 6, 2], 1, 'valid', 'relu'],
  ];

  it.each(cases)('matches the fused conv and its autodiff gradients (%j, stride %i, %s, %s)', async (shape, stride, pad, activation) => {
    const rng = new Rng(shape[1] * 10 + stride);
    const store = new ParamStore('t', rng);
    const c = conv(store, 'c', 3, shape[3], 5);
    c.bias.assign(randomTensor([5], rng) as tf.Tensor1D);
    const x = randomTensor(shape, rng) as tf.Tensor4D;
    const ours = applyConv(c, x, stride, pad, activation);
    const ref = tf.fused.conv2d({ x, filter: c.kernel as tf.Tensor4D, strides: stride, pad, bias: c.bias, activation });
    expect(await maxAbsDiff(ours, ref)).toBeLessThan(1e-4);
    const dy = randomTensor(ref.shape, rng);
    const grads = (f: (xi: tf.Tensor4D, k: tf.Tensor4D, b: tf.Tensor1D) => tf.Tensor4D) =>
      tf.grads((xi: tf.Tensor, k: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(xi as tf.Tensor4D, k as tf.Tensor4D, b as tf.Tensor1D), dy)))(
        [x, c.kernel, c.bias],
      );
    const mine = grads((xi, k, b) => applyConv({ kernel: k as tf.Variable, bias: b as tf.Variable }, xi, stride, pad, activation));
    const theirs = grads((xi, k, b) => tf.fused.conv2d({ x: xi, filter: k, strides: stride, pad, bias: b, activation }));
    for (let i = 0; i < 3; i++) {
      expect(await maxAbsDiff(mine[i], theirs[i])).toBeLessThan(1e-4);
      expect((await tf.max(tf.abs(theirs[i])).data())[0]).toBeGreaterThan(1e-3);
    }
    tf.dispose([x, ours, ref, dy, ...mine, ...theirs]);
    store.dispose();
  });

  it("computes the gradient of its input only when a variable lies behind it (never the image's)", async () => {
    const rng = new Rng(9);
    const store = new ParamStore('t', rng);
    const [first, second] = [conv(store, 'a', 3, 3, 4), conv(store, 'b', 3, 4, 2)];
    const image = randomTensor([2, 5, 5, 3], rng) as tf.Tensor4D;
    const loss = () => tf.sum(tf.square(applyConv(second, applyConv(first, image, 1, 'same', 'relu'))));
    const kernels: string[] = [];
    let grads: tf.NamedTensorMap = {};
    const profile = await tf.profile(() => void (grads = tf.variableGrads(loss as () => tf.Scalar, store.list()).grads));
    kernels.push(...profile.kernels.map((k) => k.name));
    expect(kernels.filter((k) => k === tf.Conv2DBackpropFilter)).toHaveLength(2);
    expect(kernels.filter((k) => k === tf.Conv2DBackpropInput)).toHaveLength(1); // the second layer's input only
    const reference = tf.variableGrads(() => {
      const h = tf.fused.conv2d({
        x: image,
        filter: first.kernel as tf.Tensor4D,
        strides: 1,
        pad: 'same',
        bias: first.bias,
        activation: 'relu',
      });
      return tf.sum(
        tf.square(tf.fused.conv2d({ x: h, filter: second.kernel as tf.Tensor4D, strides: 1, pad: 'same', bias: second.bias })),
      ) as tf.Scalar;
    }, store.list()).grads;
    for (const name of Object.keys(reference)) expect(await maxAbsDiff(grads[name], reference[name])).toBeLessThan(1e-4);
    tf.dispose([image, ...Object.values(grads), ...Object.values(reference)]);
    store.dispose();
  });
});
