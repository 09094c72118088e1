import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allGrads, expectWasmMatchesCpu, useWasmWithOurKernels, values, weighted } from './wasmCompare';
import { batchMatMul, conv2DBackpropFilter, conv2DBackpropInput, gatherV2, maxPoolGrad, registerWasmTrainingKernels, unsortedSegmentSum, wasmTrainingKernelNames } from './wasmKernels';

beforeAll(useWasmWithOurKernels);

describe('registerWasmTrainingKernels', () => {
  it('registers our kernels for wasm, once', () => {
    registerWasmTrainingKernels();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')?.kernelFunc).toBe(conv2DBackpropFilter);
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')?.kernelFunc).toBe(unsortedSegmentSum);
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')?.kernelFunc).toBe(maxPoolGrad);
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc).toBe(conv2DBackpropInput);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(batchMatMul);
    expect(tf.getKernel(tf.GatherV2, 'wasm')?.kernelFunc).toBe(gatherV2);
    expect(wasmTrainingKernelNames).toEqual([tf.Conv2DBackpropFilter, tf.UnsortedSegmentSum, tf.MaxPoolGrad, tf.Conv2DBackpropInput, tf.BatchMatMul, tf.GatherV2]);
  });
});

/** The kernel itself (tfjs exports no op for it). */
const backpropFilter = (x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: number[], stride: number, pad: 'same' | 'valid') =>
  tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: stride, pad, filterShape, dataFormat: 'NHWC' }) as tf.Tensor4D;

/** Convolutions of every shape the backprop kernels must handle: odd sizes, 1×1 to 5×5 filters, strides 1 and 2. */
const convCases: { b: number; h: number; w: number; k: number; cin: number; cout: number; stride: number; pad: 'same' | 'valid' }[] = [];
for (const stride of [1, 2])
  for (const pad of ['same', 'valid'] as const)
    for (const [h, w, k, cin, cout] of [[8, 8, 3, 3, 4], [7, 9, 3, 2, 5], [9, 6, 2, 4, 1], [5, 5, 1, 1, 3], [6, 7, 5, 3, 2], [16, 16, 3, 8, 16]])
      convCases.push({ b: 1 + ((h + cin) % 3), h, w, k, cin, cout, stride, pad });

const convOutShape = (xShape: number[], k: number, cin: number, cout: number, stride: number, pad: 'same' | 'valid') =>
  tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], [k, k, cin, cout], stride, 1, pad).outShape;

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(convCases)('matches cpu: b$b $h×$w k$k $cin→$cout stride $stride $pad', async ({ b, h, w, k, cin, cout, stride, pad }) => {
    const xShape = [b, h, w, cin];
    const outShape = convOutShape(xShape, k, cin, cout, stride, pad);
    await expectWasmMatchesCpu(() => tf.tidy(() => {
      const x = tf.tensor4d(values(xShape, 1), xShape as [number, number, number, number]);
      const dy = tf.tensor4d(values(outShape, 2), outShape);
      return backpropFilter(x, dy, [k, k, cin, cout], stride, pad);
    }));
  });

  it('runs on the wasm backend and frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(values([2, 9, 9, 3], 3), [2, 9, 9, 3]);
    const dy = tf.tensor4d(values([2, 4, 4, 5], 4), [2, 4, 4, 5]);
    const before = tf.engine().backend.numDataIds();
    const dW = backpropFilter(x, dy, [3, 3, 3, 5], 2, 'valid');
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    expect(dW.shape).toEqual([3, 3, 3, 5]);
    tf.dispose([x, dy, dW]);
  });
});

describe('Conv2DBackpropInput on wasm', () => {
  it.each(convCases)('matches cpu: b$b $h×$w k$k $cin→$cout stride $stride $pad', async ({ b, h, w, k, cin, cout, stride, pad }) => {
    const xShape = [b, h, w, cin] as [number, number, number, number];
    const outShape = convOutShape(xShape, k, cin, cout, stride, pad);
    await expectWasmMatchesCpu(() => tf.tidy(() => {
      const dy = tf.tensor4d(values(outShape, 6), outShape);
      const filter = tf.tensor4d(values([k, k, cin, cout], 7), [k, k, cin, cout]);
      return tf.conv2dTranspose(dy, filter, xShape, stride, pad);
    }));
  });

  it('falls back to the native loop, correctly, for padding wider than the filter', async () => {
    const outShape = convOutShape([2, 6, 6, 3], 3, 3, 4, 1, 'valid').map((d, i) => (i === 1 || i === 2 ? d + 6 : d)) as [number, number, number, number];
    await expectWasmMatchesCpu(() => tf.tidy(() => {
      const dy = tf.tensor4d(values(outShape, 10), outShape);
      return tf.conv2dTranspose(dy, tf.tensor4d(values([3, 3, 3, 4], 11), [3, 3, 3, 4]), [2, 6, 6, 3], 1, 3);
    }));
  });

  it('runs on the wasm backend and frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const dy = tf.tensor4d(values([2, 4, 4, 5], 8), [2, 4, 4, 5]);
    const filter = tf.tensor4d(values([3, 3, 3, 5], 9), [3, 3, 3, 5]);
    const before = tf.engine().backend.numDataIds();
    const dx = tf.conv2dTranspose(dy, filter, [2, 9, 9, 3], 2, 'valid');
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    expect(dx.shape).toEqual([2, 9, 9, 3]);
    tf.dispose([dy, filter, dx]);
  });
});

describe('BatchMatMul on wasm', () => {
  // [a shape, b shape, transposeA, transposeB]: every transpose combination, matrices wider than one 32×32 tile
  // with ragged edges, leading axes of size 1, and batched products (left to the native kernel).
  const cases: [number[], number[], boolean, boolean][] = [
    [[6, 5], [5, 4], false, false],
    [[6, 5], [4, 5], false, true],
    [[5, 6], [5, 4], true, false],
    [[5, 6], [4, 5], true, true],
    [[70, 33], [70, 3], true, false],
    [[3, 70], [45, 3], true, true],
    [[50, 2], [65, 2], false, true],
    [[1, 7, 5], [1, 3, 5], false, true],
    [[5, 7], [1, 5, 3], true, false],
    [[2, 5, 4], [2, 3, 5], true, true],
    [[2, 4, 5], [5, 3], false, false],
  ];

  it.each(cases)('matches cpu: %j · %j, transposeA %s, transposeB %s', async (aShape, bShape, transposeA, transposeB) => {
    await expectWasmMatchesCpu(() => tf.tidy(() => tf.matMul(tf.tensor(values(aShape, 12), aShape), tf.tensor(values(bShape, 13), bShape), transposeA, transposeB)));
  });

  it('keeps leading axes of size 1 in the output shape', async () => {
    await tf.setBackend('wasm');
    const out = tf.tidy(() => tf.matMul(tf.ones([1, 5, 7]), tf.ones([3, 5]), true, true));
    expect(out.shape).toEqual([1, 7, 3]);
    out.dispose();
  });

  it('runs on the wasm backend and frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor(values([40, 30], 14), [40, 30]), b = tf.tensor(values([20, 40], 15), [20, 40]);
    const before = tf.engine().backend.numDataIds();
    const out = tf.matMul(a, b, true, true);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    expect(out.shape).toEqual([30, 20]);
    tf.dispose([a, b, out]);
  });

  it('still rejects mismatched inner sizes', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.tidy(() => tf.matMul(tf.ones([4, 5]), tf.ones([4, 5]), false, false))).toThrow(/inner shapes/);
    expect(() => tf.tidy(() => tf.matMul(tf.ones([4, 5]), tf.ones([4, 6]), true, true))).toThrow(/inner shapes/);
  });
});

describe('GatherV2 on wasm', () => {
  it.each([
    { what: 'images [5, 3, 2, 2], repeated ids', shape: [5, 3, 2, 2], ids: [4, 0, 4, 2], idShape: [4], axis: 0 },
    { what: 'a vector', shape: [6], ids: [5, 1, 1], idShape: [3], axis: 0 },
    { what: '2-D ids', shape: [4, 3], ids: [3, 0, 1, 1], idShape: [2, 2], axis: 0 },
    { what: 'axis 1 (native)', shape: [3, 5, 2], ids: [4, 0], idShape: [2], axis: 1 },
  ])('matches cpu: $what', async ({ shape, ids, idShape, axis }) => {
    await expectWasmMatchesCpu(() => tf.tidy(() => tf.gather(tf.tensor(values(shape, 12), shape), tf.tensor(ids, idShape, 'int32'), axis)));
  });

  it('gathers int32 and bool rows, and refuses an index out of range', async () => {
    await tf.setBackend('wasm');
    const ints = tf.gather(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), tf.tensor1d([2, 0], 'int32'));
    const bools = tf.gather(tf.tensor1d([true, false, true], 'bool'), tf.tensor1d([1, 2], 'int32'));
    expect(ints.dtype).toBe('int32');
    expect(Array.from(await ints.data())).toEqual([5, 6, 1, 2]);
    expect(Array.from(await bools.data())).toEqual([0, 1]);
    expect(() => tf.gather(tf.tensor1d([1, 2]), tf.tensor1d([2], 'int32'))).toThrow(/not in \[0, 1\]/);
    tf.dispose([ints, bools]);
  });
});

describe('UnsortedSegmentSum on wasm', () => {
  it.each([
    { ids: [0, 2, 2, 4, 1, 0], rest: [3] },
    { ids: [1, 1, 1, 1], rest: [2, 2] },
    { ids: [3, 0, 2], rest: [] },
  ])('matches cpu: ids $ids, slices $rest', async ({ ids, rest }) => {
    await expectWasmMatchesCpu(() => tf.tidy(() => {
      const shape = [ids.length, ...rest];
      return tf.unsortedSegmentSum(tf.tensor(values(shape, 5), shape), tf.tensor1d(ids, 'int32'), 5);
    }));
  });

  it('drops negative and too-large ids, as TensorFlow does', async () => {
    await tf.setBackend('wasm');
    const out = tf.unsortedSegmentSum(tf.tensor2d([[1], [2], [4], [8]]), tf.tensor1d([-1, 1, 3, 1], 'int32'), 3);
    expect(Array.from(await out.data())).toEqual([0, 10, 0]);
    out.dispose();
  });

  it('gives gather its gradient (2-D indices, axis 1)', async () => {
    await expectWasmMatchesCpu(allGrads([[4, 6, 2]], (a) => weighted(tf.gather(a, tf.tensor2d([[5, 0], [5, 3]], [2, 2], 'int32'), 1))));
  });
});
