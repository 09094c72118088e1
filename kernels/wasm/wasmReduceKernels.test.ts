import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSimdKernelsEnabled } from './simdKernels';
import { allGrads, expectWasmMatchesCpu, relativeError, useWasmWithOurKernels, values, weighted } from './wasmCompare';

beforeAll(useWasmWithOurKernels);

/** A reduction's values, shape and dtype on one backend. */
async function reduceOn(
  backend: 'cpu' | 'wasm',
  shape: number[],
  dtype: 'float32' | 'int32',
  f: (x: tf.Tensor) => tf.Tensor,
  edit?: (v: Float32Array) => void,
) {
  await tf.setBackend(backend);
  const v = values(shape, 7).map((x) => (dtype === 'int32' ? Math.round(x * 50) : x));
  edit?.(v);
  const x = tf.tensor(v, shape, dtype);
  const y = f(x);
  const out = { values: Array.from(await y.data()), shape: y.shape, dtype: y.dtype };
  tf.dispose([x, y]);
  return out;
}

describe.each([
  ['our SIMD kernel', true],
  ['the native kernel', false],
])('Sum on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));

  it.each([
    { what: 'a bias gradient: batch, height and width of 16 channels', shape: [6, 9, 7, 16], axis: [0, 1, 2], keepDims: false },
    { what: 'columns beyond 16 and a ragged tail (37), more rows than one block', shape: [300, 37], axis: [0], keepDims: false },
    { what: 'axes out of order and negative, keeping dims', shape: [4, 5, 6], axis: [-2, 0], keepDims: true },
    { what: 'an inner axis (the native kernel)', shape: [4, 5, 6], axis: [1], keepDims: false },
    { what: 'every axis (the native kernel)', shape: [4, 5, 6], axis: [0, 1, 2], keepDims: false },
    { what: 'no rows', shape: [0, 5], axis: [0], keepDims: false },
  ])('matches the CPU backend on $what', async ({ shape, axis, keepDims }) => {
    const [wasm, cpu] = [
      await reduceOn('wasm', shape, 'float32', (x) => tf.sum(x, axis, keepDims)),
      await reduceOn('cpu', shape, 'float32', (x) => tf.sum(x, axis, keepDims)),
    ];
    expect(wasm.shape).toEqual(cpu.shape);
    expect(relativeError(Float32Array.from(wasm.values), Float32Array.from(cpu.values))).toBeLessThan(1e-5);
  });

  it('sums int32 exactly (the native kernel)', async () => {
    expect(await reduceOn('wasm', [6, 5], 'int32', (x) => tf.sum(x, [0], false))).toEqual(
      await reduceOn('cpu', [6, 5], 'int32', (x) => tf.sum(x, [0], false)),
    );
  });

  it('gives a fused convolution its bias gradient', async () => {
    await expectWasmMatchesCpu(
      allGrads([[3, 8, 8, 4], [3, 3, 4, 20], [20]], (x, w, b) =>
        weighted(tf.fused.conv2d({ x: x as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 1, pad: 'same', bias: b, activation: 'relu' })),
      ),
    );
  });
});

describe.each([
  ['our SIMD kernel', true],
  ['the native kernels', false],
])('Max and ArgMax on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));

  it.each([
    { what: "CPC's score table, rows of 16-value blocks and a tail", shape: [37, 261], axis: -1 },
    { what: 'rows shorter than four', shape: [5, 3], axis: 1 },
    { what: 'one value a row', shape: [4, 1], axis: -1 },
    { what: 'a 3-D tensor', shape: [2, 3, 40], axis: 2 },
    { what: 'an inner axis (the native kernels)', shape: [4, 5, 6], axis: 1 },
  ])('match the CPU backend on $what', async ({ shape, axis }) => {
    for (const f of [(x: tf.Tensor) => tf.max(x, axis), (x: tf.Tensor) => tf.max(x, axis, true), (x: tf.Tensor) => tf.argMax(x, axis)])
      expect(await reduceOn('wasm', shape, 'float32', f)).toEqual(await reduceOn('cpu', shape, 'float32', f));
  });

  it.each([
    { what: 'ties: the first index wins', edit: (v: Float32Array) => v.fill(2, 10, 30).fill(2, 100, 101) },
    { what: 'the maximum in the tail', edit: (v: Float32Array) => v.fill(9, 259, 260) },
    { what: 'a NaN (the native kernels)', edit: (v: Float32Array) => v.fill(NaN, 40, 41) },
    { what: '-Infinity rows', edit: (v: Float32Array) => v.fill(-Infinity, 0, 261) },
  ])('match the CPU backend on $what', async ({ edit }) => {
    for (const f of [(x: tf.Tensor) => tf.max(x, -1), (x: tf.Tensor) => tf.argMax(x, -1)])
      expect(await reduceOn('wasm', [3, 261], 'float32', f, edit)).toEqual(await reduceOn('cpu', [3, 261], 'float32', f, edit));
  });

  it('reduce int32 exactly (the native kernels)', async () => {
    for (const f of [(x: tf.Tensor) => tf.max(x, -1), (x: tf.Tensor) => tf.argMax(x, -1)])
      expect(await reduceOn('wasm', [6, 37], 'int32', f)).toEqual(await reduceOn('cpu', [6, 37], 'int32', f));
  });

  it('give log-sum-exp its gradient, and keep no tensor', async () => {
    await expectWasmMatchesCpu(allGrads([[9, 50]], (a) => weighted(tf.logSumExp(tf.mul(a, 5), -1))));
    const x = tf.tensor(values([8, 50], 6), [8, 50]);
    const before = tf.memory().numTensors;
    tf.dispose([tf.max(x, -1), tf.argMax(x, -1)]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
