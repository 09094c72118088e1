import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyConv, applyDense, applyGroupNorm, conv, dense, groupNorm, ParamStore } from '../models/layers';
import { Rng } from '../random';
import { setSimdKernelsEnabled } from './simdKernels';
import { broadcastBlock } from './wasmBinaryKernels';
import { avgPoolGrad, conv2DBackpropFilter, conv2DBackpropInput, maxPoolGrad } from './wasmConvKernels';
import { batchMatMul, exp, gatherV2, identity, registerWasmTrainingKernels, reverse, unsortedSegmentSum, wasmTrainingKernelNames } from './wasmKernels';
import { allGrads, expectWasmMatchesCpu, values, weighted, type Backend } from './wasmTesting';

beforeAll(async () => {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.ready();
});

describe('registerWasmTrainingKernels', () => {
  it('registers our kernels for wasm, once', () => {
    registerWasmTrainingKernels();
    expect(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')?.kernelFunc).toBe(conv2DBackpropFilter);
    expect(tf.getKernel(tf.UnsortedSegmentSum, 'wasm')?.kernelFunc).toBe(unsortedSegmentSum);
    expect(tf.getKernel(tf.MaxPoolGrad, 'wasm')?.kernelFunc).toBe(maxPoolGrad);
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')?.kernelFunc).toBe(conv2DBackpropInput);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(batchMatMul);
    expect(tf.getKernel(tf.GatherV2, 'wasm')?.kernelFunc).toBe(gatherV2);
    expect(tf.getKernel(tf.AvgPoolGrad, 'wasm')?.kernelFunc).toBe(avgPoolGrad);
    expect(tf.getKernel(tf.Reverse, 'wasm')?.kernelFunc).toBe(reverse);
    expect(tf.getKernel(tf.Identity, 'wasm')?.kernelFunc).toBe(identity);
    expect(tf.getKernel(tf.Exp, 'wasm')?.kernelFunc).toBe(exp);
    expect(wasmTrainingKernelNames).toEqual([
      tf.Conv2DBackpropFilter, tf.UnsortedSegmentSum, tf.MaxPoolGrad, tf.Conv2DBackpropInput, tf.BatchMatMul, tf.GatherV2,
      tf.AvgPoolGrad, tf.Reverse, tf.Identity, tf.Add, tf.Sub, tf.Multiply, tf.Exp,
    ]);
  });
});

describe.each([['our SIMD kernel', true], ['the fallback', false]])('Reverse on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));

  it.each([
    { shape: [2, 5, 4, 3], dims: [1, 2] },
    { shape: [2, 5, 4, 3], dims: [1] },
    { shape: [2, 5, 4, 3], dims: [2] },
    { shape: [2, 5, 4, 3], dims: [0, 2, 3] },
    { shape: [3, 1, 6], dims: [1, 2] },
    { shape: [7], dims: [0] },
    { shape: [4, 5], dims: [-1] },
    { shape: [4, 1], dims: [1] },
  ])('matches cpu: $shape reversed along $dims', async ({ shape, dims }) => {
    await expectWasmMatchesCpu(() => tf.tidy(() => tf.reverse(tf.tensor(values(shape, 16), shape), dims)));
  });

  it('reverses int32 and bool, and frees its passes', async () => {
    await tf.setBackend('wasm');
    const ints = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
    const bools = tf.tensor1d([true, false, false], 'bool');
    const before = tf.engine().backend.numDataIds();
    const [ri, rb] = [tf.reverse(ints, [0, 1]), tf.reverse(bools)];
    expect(tf.engine().backend.numDataIds()).toBe(before + 2);
    expect(Array.from(await ri.data())).toEqual([6, 5, 4, 3, 2, 1]);
    expect(Array.from(await rb.data())).toEqual([0, 0, 1]);
    tf.dispose([ints, bools, ri, rb]);
  });
});

describe('broadcastBlock', () => {
  it('finds the one block of axes the smaller operand repeats along', () => {
    expect(broadcastBlock([2, 3, 4, 5], [2, 3, 4, 5])).toEqual([1, 1, 120]);
    expect(broadcastBlock([2, 3, 4, 5], [5])).toEqual([1, 24, 5]);
    expect(broadcastBlock([2, 3, 4, 5], [2, 1, 1, 5])).toEqual([2, 12, 5]);
    expect(broadcastBlock([2, 3, 4, 5], [2, 3, 1, 1])).toEqual([6, 20, 1]);
    expect(broadcastBlock([2, 3, 4, 5], [])).toEqual([1, 120, 1]);
    expect(broadcastBlock([2, 1, 4, 5], [1, 1, 1, 5])).toEqual([1, 8, 5]); // the output's own size-1 axes do not split a block
    expect(broadcastBlock([2, 3, 4, 5], [1, 3, 1, 5])).toBeNull();
  });
});

describe.each([['our SIMD kernel', true], ['the native kernels', false]])('Add, Sub, Multiply on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));

  const ops = { add: tf.add, sub: tf.sub, mul: tf.mul };
  it.each([
    [[2, 3, 4, 6], [2, 3, 4, 6]],
    [[2, 3, 4, 6], [6]],
    [[2, 3, 4, 6], [2, 1, 1, 6]],
    [[2, 1, 1, 7], [2, 3, 4, 7]],
    [[3, 5, 5, 1], [3, 1, 1, 1]],
    [[2, 5], []],
    [[], [4, 3]],
    [[2, 1, 5], [1, 3, 1]],
  ])('match cpu: %j ∘ %j', async (aShape, bShape) => {
    for (const op of Object.values(ops))
      await expectWasmMatchesCpu(() => tf.tidy(() => op(tf.tensor(values(aShape, 17), aShape), tf.tensor(values(bShape, 18), bShape))), 1e-6);
  });

  it('keep int32 exact and free nothing but their inputs', async () => {
    await tf.setBackend('wasm');
    const [a, b] = [tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), tf.tensor1d([10, 20], 'int32')];
    const before = tf.engine().backend.numDataIds();
    const out = tf.sub(a, b);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    expect(out.dtype).toBe('int32');
    expect(Array.from(await out.data())).toEqual([-9, -18, -7, -16]);
    tf.dispose([a, b, out]);
  });
});

describe.each([['our SIMD kernel', true], ['the native kernel', false]])('Exp on wasm with %s', (_name, simd) => {
  beforeAll(() => setSimdKernelsEnabled(simd));
  afterAll(() => setSimdKernelsEnabled(true));

  it('matches Math.exp to float precision from underflow to overflow, odd lengths included', async () => {
    await tf.setBackend('wasm');
    const x = Float32Array.from({ length: 4003 }, (_, i) => -110 + (200 * i) / 4002);
    x.set([NaN, Infinity, -Infinity, 0, 88.72, 88.73], 0);
    const t = tf.exp(tf.tensor1d(x));
    const got = (await t.data()) as Float32Array;
    t.dispose();
    for (let i = 0; i < x.length; i++) {
      const want = Math.fround(Math.exp(x[i]));
      if (!Number.isFinite(want) || want < 1e-37) expect(Math.abs(got[i] - want) < 1e-37 || Object.is(got[i], want)).toBe(true);
      else expect(Math.abs(got[i] - want) / want).toBeLessThan(1e-6);
    }
  });

  it('gives softmax its gradient', async () => {
    await expectWasmMatchesCpu(allGrads([[5, 7]], (a) => weighted(tf.softmax(tf.mul(a, 9)))));
  });
});

describe('Identity on wasm', () => {
  it('shares the data, which outlives either tensor alone', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor1d([1, 2, 3]);
    const before = tf.engine().backend.numDataIds();
    const y = tf.clone(x);
    expect(tf.engine().backend.numDataIds()).toBe(before);
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3]);
    y.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before - 1);
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

// Forward + backward of every op our models train with: all must run on wasm and agree with cpu.
const opCases: [string, number[][], (...xs: tf.Tensor[]) => tf.Scalar][] = [
  ['conv2d stride 1 same', [[2, 8, 8, 3], [3, 3, 3, 4]], (x, w) => weighted(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'))],
  ['conv2d stride 2 valid', [[2, 9, 9, 3], [3, 3, 3, 4]], (x, w) => weighted(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'valid'))],
  ['conv2d stride 2 same', [[3, 8, 8, 2], [3, 3, 2, 4]], (x, w) => weighted(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'))],
  ['conv2dTranspose', [[2, 4, 4, 3], [3, 3, 5, 3]], (x, w) => weighted(tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 8, 8, 5], 2, 'same'))],
  ['maxPool 2×2', [[2, 8, 8, 3]], (x) => weighted(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'))],
  ['maxPool 3×3 overlapping, same', [[2, 7, 7, 3]], (x) => weighted(tf.maxPool(x as tf.Tensor4D, 3, 1, 'same'))],
  ['maxPool of negative values', [[2, 6, 6, 2]], (x) => weighted(tf.maxPool(tf.sub(x, 2) as tf.Tensor4D, 2, 2, 'valid'))],
  ['avgPool', [[2, 7, 7, 3]], (x) => weighted(tf.avgPool(x as tf.Tensor4D, 2, 2, 'same'))],
  ['mean', [[2, 4, 4, 3]], (x) => weighted(tf.mean(x, [1, 2]))],
  ['moments', [[2, 16, 2, 3]], (x) => { const m = tf.moments(x, [1, 3], true); return tf.add(weighted(m.mean), weighted(m.variance)); }],
  ['relu', [[4, 5]], (x) => weighted(tf.relu(x))],
  ['matMul', [[4, 5], [5, 3]], (a, b) => weighted(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D))],
  ['matMul transposed', [[5, 4], [3, 5]], (a, b) => weighted(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, true))],
  ['batch matMul', [[2, 4, 5], [2, 5, 3]], (a, b) => weighted(tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D))],
  ['softmax', [[4, 5]], (x) => weighted(tf.softmax(x))],
  ['logSoftmax', [[4, 5]], (x) => weighted(tf.logSoftmax(x))],
  ['oneHot target', [[3, 4]], (x) => weighted(tf.mul(tf.oneHot(tf.tensor1d([0, 3, 1], 'int32'), 4), x))],
  ['gather', [[5, 3]], (x) => weighted(tf.gather(x, tf.tensor1d([0, 4, 4, 2], 'int32')))],
  ['reshape + transpose', [[2, 4, 4, 3]], (x) => weighted(tf.transpose(tf.reshape(x, [2, 16, 3]), [0, 2, 1]))],
  ['concat', [[4, 3], [4, 2]], (a, b) => weighted(tf.concat([a, b], 1))],
  ['slice', [[2, 6, 6, 3]], (x) => weighted(tf.slice(x, [0, 1, 2, 0], [2, 4, 3, 2]))],
  ['stack + unstack', [[4, 3], [4, 3]], (a, b) => weighted(tf.unstack(tf.stack([a, b], 1), 2)[1])],
  ['pad', [[2, 4, 4, 3]], (x) => weighted(tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]]))],
  ['reverse', [[2, 4, 5, 3]], (x) => weighted(tf.reverse(x, [1, 2]))],
  // Batch 1: the CPU backend's ResizeNearestNeighborGrad is wrong for batch > 1 (it indexes dy with x's strides).
  ['resizeNearestNeighbor', [[1, 4, 4, 3]], (x) => weighted(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [8, 8]))],
  ['resizeBilinear', [[2, 4, 4, 3]], (x) => weighted(tf.image.resizeBilinear(x as tf.Tensor4D, [6, 7]))],
  ['cumsum', [[4, 5]], (x) => weighted(tf.cumsum(x, 1))],
  ['tile + broadcast', [[4, 3]], (x) => weighted(tf.add(tf.tile(x, [2, 1]), tf.reshape(x, [4, 1, 3]).sum(0)))],
  ['l2 normalize', [[4, 3]], (x) => weighted(tf.div(x, tf.norm(x, 'euclidean', 1, true)))],
  ['sqrt / square / abs', [[4, 3]], (x) => weighted(tf.div(tf.square(x), tf.sqrt(tf.add(tf.abs(x), 1))))],
  ['exp / log / sigmoid / tanh', [[4, 3]], (x) => weighted(tf.add(tf.log(tf.add(tf.exp(x), 1)), tf.add(tf.sigmoid(x), tf.tanh(x))))],
  ['max / min / maximum', [[4, 3], [4, 3]], (a, b) => tf.add(weighted(tf.add(tf.max(a, 1), tf.min(a, 1))), weighted(tf.maximum(a, b)))],
  ['softmax cross-entropy', [[3, 4]], (x) => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([0, 3, 1], 'int32'), 4), x) as tf.Scalar],
];

describe('training ops on wasm', () => {
  it.each(opCases)('%s: gradients match cpu', async (_name, shapes, f) => {
    await expectWasmMatchesCpu(allGrads(shapes, f));
  });
});

describe('a tiny CNN trains on wasm', () => {
  /** conv → group norm → relu → maxpool → conv (stride 2) → mean → dense, a few Adam steps; returns the losses. */
  async function train(backend: Backend, steps: number): Promise<number[]> {
    await tf.setBackend(backend);
    const store = new ParamStore('cnn', new Rng(7));
    const c1 = conv(store, 'c1', 3, 3, 4), gn = groupNorm(store, 'gn', 4, 2), c2 = conv(store, 'c2', 3, 4, 8), fc = dense(store, 'fc', 8, 3);
    const x = tf.tensor4d(values([4, 16, 16, 3], 21), [4, 16, 16, 3]);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
    const optimizer = tf.train.adam(1e-2);
    const losses: tf.Scalar[] = [];
    let afterFirstStep = 0;
    for (let s = 0; s < steps; s++) {
      const loss = optimizer.minimize(() => {
        const h = tf.maxPool(tf.relu(applyGroupNorm(gn, applyConv(c1, x))), 2, 2, 'valid');
        const logits = applyDense(fc, tf.mean(tf.relu(applyConv(c2, h, 2)), [1, 2]) as tf.Tensor2D);
        return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
      }, true, store.list());
      if (loss) losses.push(loss);
      if (s === 0) afterFirstStep = tf.memory().numTensors;
    }
    // Adam creates its moments on the first step; after it only the kept losses add tensors.
    expect(tf.memory().numTensors).toBe(afterFirstStep + steps - 1);
    const values_ = await Promise.all(losses.map(async (l) => (await l.data())[0]));
    tf.dispose([...losses, x, labels]);
    optimizer.dispose();
    store.dispose();
    return values_;
  }

  it('with losses matching cpu, and falling', async () => {
    const cpu = await train('cpu', 6);
    const wasm = await train('wasm', 6);
    expect(wasm).toHaveLength(6);
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(wasm[i] - cpu[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(cpu[i])));
    expect(wasm[5]).toBeLessThan(wasm[0]);
  });
});
